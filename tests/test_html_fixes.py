"""Material's HTML repaired: the attributes the Nu checker refuses go, lookalikes stay."""

from __future__ import annotations

from build_tools.site.html_fixes import repair_material_html


def test_refused_attributes_go_and_lookalikes_stay() -> None:
    page = ('<div>\n   <input type="text" autocorrect="off" name="q">\n  <label class="x"\n'
            '      tabindex="" data-tabindex="" for="a">A</label>'
            '<input id="a" type="checkbox" autocomplete="off"><label for="gone">B</label></div>')
    assert repair_material_html(page) == (
        '<div>\n   <input type="text" name="q">\n  <label class="x" data-tabindex="" for="a">A'
        '</label><input id="a" type="checkbox"><label>B</label></div>')


def test_long_runs_of_indentation_are_kept() -> None:
    page = ("<li>" + " " * 2000 + "\n") * 1000 + '<input autocorrect="off">'
    repaired = repair_material_html(page)
    assert repaired.endswith("<input>") and repaired.count("<li>") == 1000
