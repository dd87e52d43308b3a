"""What the browser tests do again and again: run axe, measure overflow, walk with Tab, drive admin widgets."""

from pathlib import Path

from django.conf import settings

AXE_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
WCAG21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}

# axe's own summary of a run, small enough to put in an assertion message.
_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const brief = (items) => items.map((rule) => ({
    id: rule.id,
    impact: rule.impact,
    help: rule.help,
    nodes: rule.nodes.slice(0, 5).map((node) => node.target.join(' ') + ' :: ' + node.failureSummary),
  }));
  return {violations: brief(result.violations), passes: result.passes.map((rule) => rule.id),
          incomplete: result.incomplete.map((rule) => rule.id)};
}"""


def axe_audit(page) -> dict:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now.

    The page must allow the injected script: open it in a context made with
    ``bypass_csp=True`` (public pages forbid inline scripts, rightly).
    """
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(_AXE_RUN, WCAG21_AA_TAGS)


# Everything that sticks out of the viewport or is clipped by its box. Elements
# hidden on purpose for screen readers (.visually-hidden, the skip link until
# focused) are left out.
_OVERFLOW = """() => {
  const width = window.innerWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    + ' «' + (el.textContent || '').trim().slice(0, 60) + '»';
  const problems = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.visually-hidden, .skip-link')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > width + 0.5 || box.left < -0.5) {
      problems.push(`${describe(el)} spans ${Math.round(box.left)}..${Math.round(box.right)} px of ${width}`);
    }
    const clips = ['hidden', 'clip', 'auto', 'scroll'];
    if (clips.includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${describe(el)} cuts its content: ${el.scrollWidth} px in ${el.clientWidth} px`);
    }
    if (clips.includes(style.overflowY) && style.overflowY !== 'auto' && el.scrollHeight > el.clientHeight + 1) {
      problems.push(`${describe(el)} cuts its content: ${el.scrollHeight} px high in ${el.clientHeight} px`);
    }
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: width, problems};
}"""


def layout_overflow(page) -> dict:
    """``scrollWidth``, ``innerWidth`` and every element that is outside the viewport or clipped."""
    return page.evaluate(_OVERFLOW)


_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    key: el.id ? '#' + el.id : (el.getAttribute('href') ? el.tagName.toLowerCase() + '[href="' + el.getAttribute('href') + '"]' : el.outerHTML.slice(0, 80)),
    tag: el.tagName.toLowerCase(),
    index: Array.prototype.indexOf.call(document.querySelectorAll('*'), el),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
  };
}"""

# Everything a keyboard user must be able to reach, by the same index as _FOCUSED.
_REACHABLE = """() => {
  const all = Array.prototype.slice.call(document.querySelectorAll('*'));
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const wanted = all.filter((el) =>
    (el.matches('a[href], button, input:not([type=hidden]), select, textarea') && !el.disabled
     && (shown(el) || el.matches('.skip-link'))));
  return wanted.map((el) => ({
    index: all.indexOf(el),
    label: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.getAttribute('href') ? '[href="' + el.getAttribute('href') + '"]' : '')
      + ' «' + (el.textContent || el.value || '').trim().slice(0, 40) + '»',
    language: !!el.closest('nav.languages'),
    filter: !!el.closest('form.filters'),
  }));
}"""


def tab_walk(page, *, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until focus leaves it or comes round again.

    Returns what had focus after each press, in order.
    """
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    seen, order = set(), []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None or focused["index"] in seen:
            break
        seen.add(focused["index"])
        order.append(focused)
    return order


def keyboard_targets(page) -> list[dict]:
    """Every link and form control a reader can see (and the skip link)."""
    return page.evaluate(_REACHABLE)


# --- The admin's widgets ------------------------------------------------------


def fill_translated(page, field_id: str, language: str, text: str) -> None:
    """Click the language tab of a translated field (django-modeltranslation) and type the text."""
    page.click(f'a[href="#tab_id_{field_id}_{language}"]')
    page.fill(f"#id_{field_id}_{language}", text)


def autocomplete_pick(page, field_id: str, text: str) -> None:
    """Choose ``text`` in a select2 autocomplete widget the way a person does: open, type, click."""
    page.click(f"#id_{field_id} + .select2 .select2-selection")
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(text)
    option = page.locator(".select2-container--open .select2-results__option:not(.loading-results)").filter(
        has_text=text
    )
    option.first.click()
