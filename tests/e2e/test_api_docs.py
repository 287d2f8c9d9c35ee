"""The API's docs page works offline and under the Content-Security-Policy: Swagger UI comes
from django-ninja's bundled static files, its settings from a JSON block, no inline script."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_the_api_docs_page_lists_the_operations_with_nothing_from_elsewhere(page, app_url):
    elsewhere: list[str] = []

    def only_here(route):
        url = route.request.url
        if url.startswith(app_url) or url.startswith("data:"):
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    page.route("**/*", only_here)
    response = page.goto("/api/v1/docs")

    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".opblock").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any(p.endswith("/devices/{device_id}/capabilities/{capability_id}") for p in paths)
    assert any(p.endswith("/variables/{variable_id}") for p in paths)
    assert elsewhere == []
