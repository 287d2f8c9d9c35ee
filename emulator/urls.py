from __future__ import annotations

from django.urls import path

from emulator import cloud_views, control_views, homey_views

app_name = "emulator"

urlpatterns = [
    path("_control", control_views.control, name="control"),
    path("_static/athom.css", cloud_views.stylesheet, name="stylesheet"),
    path("cloud/oauth2/authorise", cloud_views.authorise, name="authorise"),
    path("cloud/oauth2/token", cloud_views.token, name="token"),
    path("cloud/user/me", cloud_views.user_me, name="user-me"),
    path("cloud/user/<str:user_id>/avatar", cloud_views.avatar, name="avatar"),
    path("cloud/delegation/token", cloud_views.delegation_token, name="delegation-token"),
    path("cloud/delegation/key", cloud_views.delegation_key, name="delegation-key"),
    path("homey/<str:homey_id>/", homey_views.homey_api, name="homey-root"),
    path("homey/<str:homey_id>/api/manager/<path:rest>", homey_views.homey_api, name="homey"),
    path("homey/<str:homey_id>/icon/<str:icon>/icon.svg", homey_views.homey_icon, name="icon"),
    path("net/<str:scheme>/<str:host>/", homey_views.net_api, name="net-root"),
    path("net/<str:scheme>/<str:host>/icon/<str:icon>/icon.svg", homey_views.net_icon),
    path("net/<str:scheme>/<str:host>/api/manager/<path:rest>", homey_views.net_api, name="net"),
    path("homey/<str:homey_id>/api/image/<str:image>", homey_views.homey_image, name="image"),
    path("net/<str:scheme>/<str:host>/api/image/<str:image>", homey_views.net_image),
    path(
        "relay/<str:homey_id>/api/image/<str:image>",
        homey_views.homey_image,
        {"relay": True},
        name="relay-image",
    ),
    path("relay/<str:homey_id>/", homey_views.homey_api, {"relay": True}, name="relay-root"),
    path("relay/<str:homey_id>/icon/<str:icon>/icon.svg", homey_views.homey_icon, {"relay": True}),
    path(
        "relay/<str:homey_id>/api/manager/<path:rest>",
        homey_views.homey_api,
        {"relay": True},
        name="relay",
    ),
]
