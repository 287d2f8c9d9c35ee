from tests.kiosk.conftest import new_kiosk, tablet  # noqa: F401
from tests.tiles.conftest import homey_requests  # noqa: F401
