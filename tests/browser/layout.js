// Checks of the page as laid out at the current viewport (tests/browser/test_mobile.py).
// Returns {scrollWidth, viewport, overflowing: [...], smallTargets: [...], targets: n}.
() => {
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const name = el => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    for (const c of el.classList) s += "." + c;
    return s;
  };
  const path = el => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(name(e));
    return parts.join(" > ");
  };
  const visible = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  // A closed off-canvas drawer (material's navigation at phone width): fixed, wholly off screen.
  const offCanvas = el => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).position === "fixed") {
        const r = a.getBoundingClientRect();
        return r.right <= 0.5 || r.left >= vw - 0.5;
      }
    }
    return false;
  };
  const article = document.querySelector("article") || document.querySelector("main");
  // The ancestor that keeps ``el`` from widening the page: a horizontal scroll container
  // (any part of the page) or a clipping box (outside the article only: clipped article
  // content could not be read).
  const container = el => {
    const inArticle = article.contains(el);
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      const r = a.getBoundingClientRect();
      const fits = r.left >= -0.5 && r.right <= vw + 0.5;
      if ((o === "auto" || o === "scroll") && fits) return a;
      if ((o === "hidden" || o === "clip") && fits && !inArticle) return a;
    }
    return null;
  };
  const overflowing = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.left >= -0.5 && r.right <= vw + 0.5) continue;
    if (offCanvas(el) || container(el)) continue;
    overflowing.push({selector: path(el), left: Math.round(r.left), right: Math.round(r.right)});
  }

  // Touch targets in the main content: the tap area is where a tap lands on the element
  // (hit-testing, so padding and enlarged ::before/::after areas count), measured
  // through the element's centre.
  const main = document.querySelector("main") || document.body;
  const hits = (el, x, y) => {
    if (x < 0 || y < 0 || x >= vw || y >= vh) return false;
    const at = document.elementFromPoint(x, y);
    return !!at && (at === el || el.contains(at));
  };
  const extent = (el, x0, y0, dx, dy) => {
    let n = 0;
    for (let i = 1; i < 200; i++) { if (!hits(el, x0 + dx * i, y0 + dy * i)) break; n++; }
    return n;
  };
  const smallTargets = [];
  let targets = 0;
  const saved = [window.scrollX, window.scrollY];
  for (const el of main.querySelectorAll("a[href], button")) {
    if (!visible(el)) continue;
    let r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    targets++;
    el.scrollIntoView({block: "center", inline: "center", behavior: "instant"});
    // Each line box of a link that wraps is its own target: measure the first one.
    const box = el.getClientRects()[0] || el.getBoundingClientRect();
    const cx = box.left + Math.min(box.width / 2, 10), cy = box.top + box.height / 2;
    let height = box.height, width = box.width;
    if (hits(el, cx, cy)) {
      height = extent(el, cx, cy, 0, -1) + 1 + extent(el, cx, cy, 0, 1);
      width = extent(el, cx, cy, -1, 0) + 1 + extent(el, cx, cy, 1, 0);
    }
    r = el.getBoundingClientRect();
    if (Math.max(height, r.height) + 0.5 >= 44) continue;
    smallTargets.push({selector: path(el), text: el.textContent.trim().replace(/\s+/g, " ").slice(0, 40),
                       width: Math.round(Math.max(width, r.width)), height: Math.round(Math.max(height, r.height))});
  }
  window.scrollTo(saved[0], saved[1]);
  return {scrollWidth: document.documentElement.scrollWidth, viewport: vw,
          overflowing, smallTargets, targets};
}
