/* Mohar "Your rewards" loader. Embed on any page:
 *   <script src="https://APP-HOST/embed.js" data-shop-key="<shop public key>" async></script>
 * Adds a fixed-position button in a Shadow DOM (no layout shift, page CSS can't reach it) and
 * loads the verifier (__WIDGET__, wasm inlined) only when it is needed: when the address has a
 * #mohar=<token> card link, when the button is clicked, or when the browser is idle if a card
 * is already kept. scripts/build_widget.sh minifies this file and fills in __WIDGET__. */
(function (w, d) {
  var me = d.currentScript;
  if (!me || !me.src) return;
  var key = me.getAttribute('data-shop-key') || '';
  var lang = navigator.language || 'en';
  var hi = /^hi\b/i.test(lang);
  var label = hi ? 'आपके इनाम' : 'Your rewards';
  var g = (w.__mohar = w.__mohar || {});
  var host = d.createElement('mohar-rewards');
  var root = host.attachShadow({ mode: 'open' });
  var red = '#b3261e';
  root.innerHTML =
    '<style>' +
    ':host{all:initial!important;position:fixed!important;right:16px!important;bottom:16px!important;z-index:2147483000!important;display:block!important;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif!important;color:#222!important}' +
    '*{box-sizing:border-box}[hidden]{display:none!important}' +
    'button{all:unset;box-sizing:border-box;cursor:pointer;font:inherit}button:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}' +
    '.o{display:block;min-height:44px;background:' + red + ';color:#fff;padding:11px 18px;border-radius:24px;box-shadow:0 2px 8px #0005;font-weight:600}' +
    '.p{position:absolute;right:0;bottom:58px;width:300px;max-width:calc(100vw - 32px);background:#fff;border-radius:12px;box-shadow:0 4px 24px #0006;padding:16px}' +
    '.x{position:absolute;top:2px;right:2px;width:44px;height:44px;display:grid;place-items:center;font-size:24px;line-height:1}' +
    'h2{font-size:18px;margin:0 36px 0 0}p{margin:6px 0}.name,.next,.date,.reward{color:#555}.err{color:' + red + ';font-weight:600;margin-right:36px}' +
    '.bar{display:flex;flex-wrap:wrap;gap:6px;margin:10px 0}.bar i{width:20px;height:20px;border-radius:50%;border:2px solid ' + red + '}.bar i.on{background:' + red + '}' +
    '.long{display:block;height:12px;background:#eee;border-radius:6px;overflow:hidden}.long b{display:block;height:100%;background:' + red + '}' +
    '</style><button class="o" type="button"></button>' +
    '<div class="p" role="dialog" hidden><button class="x" type="button" aria-label="Close">×</button><div class="b">…</div></div>';
  var q = function (s) { return root.querySelector(s); };
  var open = q('.o'), panel = q('.p'), body = q('.b');
  open.textContent = label;
  panel.setAttribute('aria-label', label);
  var load = function () {
    return (g.p = g.p || new Promise(function (ok, fail) {
      g.r = ok;
      var s = d.createElement('script');
      s.src = new URL('__WIDGET__', me.src).href;
      s.async = true;
      s.onerror = fail;
      (d.head || d.documentElement).appendChild(s);
    }));
  };
  var show = function (token) {
    panel.hidden = false;
    load().then(function (m) { m.show(body, key, token, lang); }, function () { body.textContent = '⚠'; });
  };
  // Takes a card token out of the address (#mohar=<token>, maybe among other &-parts).
  var take = function () {
    var h = location.hash.slice(1), m = /(?:^|&)mohar=([\w-]*)/.exec(h);
    if (!m) return null;
    h = h.replace(m[0], '').replace(/^&/, '');
    history.replaceState(history.state, '', location.pathname + location.search + (h ? '#' + h : ''));
    return m[1];
  };
  open.onclick = function () { show(null); };
  q('.x').onclick = function () { panel.hidden = true; open.focus(); };
  root.addEventListener('keydown', function (e) { if (e.key == 'Escape') panel.hidden = true; });
  w.addEventListener('hashchange', function () { var t = take(); if (t != null) show(t); });
  d.documentElement.appendChild(host);
  var t = take();
  if (t != null) show(t);
  else {
    try { var kept = localStorage.getItem('mohar.card.' + key); } catch (e) {}
    if (kept) (w.requestIdleCallback || setTimeout)(load);
  }
})(window, document);
