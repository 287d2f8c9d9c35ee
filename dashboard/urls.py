from django.urls import path

from dashboard.views import account, auth, dashboards, health, pwa

urlpatterns = [
    path("", dashboards.home, name="home"),
    path("login/", auth.login, name="login"),
    path("login/homey/", auth.login_start, name="login_start"),
    path("oauth/callback", auth.oauth_callback, name="oauth_callback"),
    path("logout/", auth.logout, name="logout"),
    path("signin-again/", auth.signin_required, name="signin_required"),
    path("homeys/", account.homey_picker, name="homey_picker"),
    path("homeys/<uuid:code>/select", account.homey_select, name="homey_select"),
    path("account/", account.account_page, name="account"),
    path("account/disconnect", account.account_disconnect, name="account_disconnect"),
    path("account/links/<uuid:code>/disconnect", account.link_disconnect, name="link_disconnect"),
    path("connect/local/", account.connect_local_view, name="connect_local"),
    path("healthz", health.healthz, name="healthz"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
]
