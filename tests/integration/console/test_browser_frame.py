"""The frame of every page in a real browser: log in, the menu, the language switch, a
viewer's page, and both screen sizes."""

from __future__ import annotations

from typing import Any

from broadcaster.config import Config
from tests.support.console import DESK, PHONE, LiveConsole, log_in_page, shot


def test_log_in_see_the_menu_switch_to_english_and_log_out(
    browser: Any, served: tuple[LiveConsole, Config]
) -> None:
    live, _config = served
    for size_name, size in (("desk", DESK), ("phone", PHONE)):
        page = browser.new_page(viewport=size)
        page.goto(f"{live.url}/")
        assert page.url.endswith("/dang-nhap")
        page.fill("input[name=name]", "ba")
        page.fill("input[name=password]", "sai-mat-khau")
        page.click("form button.primary")
        assert "Sai tên tài khoản hoặc mật khẩu" in page.inner_text("main")
        log_in_page(page, live.url)
        menu = page.inner_text("nav.menu")
        for word in ("Tổng quan", "Lịch phát", "Chương trình", "Cách ly", "Bản tin", "Nhật ký"):
            assert word in menu
        shot(page, f"frame-{size_name}")
        page.click("button[name=lang][value=en]")
        assert "Overview" in page.inner_text("nav.menu")
        page.click("button[name=lang][value=vi]")
        page.click("text=Đăng xuất")
        page.wait_for_url("**/dang-nhap")
        page.close()
