from django.urls import path

from dashboard.views import account, auth, dashboards, editing, health, kiosk, kiosks, pwa, tiles

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
    path("account/health", account.account_health, name="account_health"),
    path("account/language", account.account_language, name="account_language"),
    path("account/disconnect", account.account_disconnect, name="account_disconnect"),
    path("account/links/<uuid:code>/disconnect", account.link_disconnect, name="link_disconnect"),
    path("connect/local/", account.connect_local_view, name="connect_local"),
    # boards, the poll and the controls (people and kiosks)
    path("d/<uuid:code>/", dashboards.dashboard_detail, name="dashboard"),
    path("poll/", dashboards.board_poll, name="board_poll"),
    path("d/<uuid:code>/poll", dashboards.board_poll, name="dashboard_poll"),
    path("devices/<str:device_id>/", tiles.device_fragment, name="device_fragment"),
    path("devices/<str:device_id>/control", tiles.device_control, name="device_control"),
    path("tiles/<uuid:code>/", tiles.tile_fragment, name="tile_fragment"),
    path("tiles/<uuid:code>/control", tiles.tile_control, name="tile_control"),
    # making dashboards
    path("dashboards/new", editing.dashboard_new, name="dashboard_new"),
    path("d/<uuid:code>/edit", editing.dashboard_edit, name="dashboard_edit"),
    path("d/<uuid:code>/delete", editing.dashboard_delete, name="dashboard_delete"),
    path("d/<uuid:code>/tiles/add", editing.tile_add, name="tile_add"),
    path("tiles/<uuid:code>/edit", editing.tile_edit, name="tile_edit"),
    path("tiles/<uuid:code>/move", editing.tile_move, name="tile_move"),
    path("tiles/<uuid:code>/remove", editing.tile_remove, name="tile_remove"),
    # wall tablets: the kiosk screen and pairing (no person), and managing them
    path("kiosk/", kiosk.kiosk_screen, name="kiosk_screen"),
    path("kiosk/pair", kiosk.pair_with_code, name="kiosk_pair"),
    path("kiosk/pair/<str:secret>/", kiosk.pair_with_link, name="kiosk_pair_link"),
    path("favicon.ico", pwa.favicon, name="favicon"),
    path("kiosk/manifest.webmanifest", pwa.kiosk_manifest, name="kiosk_manifest"),
    path("kiosks/", kiosks.kiosk_list, name="kiosk_list"),
    path("kiosks/<uuid:code>/", kiosks.kiosk_edit, name="kiosk_edit"),
    path("kiosks/<uuid:code>/pair", kiosks.kiosk_pair, name="kiosk_pairing"),
    path("kiosks/<uuid:code>/revoke", kiosks.kiosk_revoke, name="kiosk_revoke"),
    path("healthz", health.healthz, name="healthz"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
]
