/* The customer's card page (dist/card/index.html): what a card link
 * `<app>/card/?shop=<public key>#mohar=<token>` shows on the customer's phone. It verifies the
 * token against the key the link names (core.js), shows that key's fingerprint to compare with
 * the shop's, speaks the four languages (the browser's first, switchable, remembered) and keeps
 * working offline through its own service worker (card/sw.js), which caches this page only. */
var STORE = 'mohar.card-page.language';
var state = null;
var main = doc.getElementById('main'), pick = doc.getElementById('lang');

function chosenLanguage() {
  try {
    var saved = localStorage.getItem(STORE);
    if (LANGS.indexOf(saved) >= 0) return saved;
  } catch (e) {}
  var list = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  for (var i = 0; i < list.length; i++) {
    var code = list[i].slice(0, 2).toLowerCase();
    if (LANGS.indexOf(code) >= 0) return code;
  }
  return 'en';
}
var lang = chosenLanguage();

// The card token in the fragment (`#mohar=<token>`, maybe among other &-parts), never in a
// route of the app (`#/…`); the value of a query parameter. As src/domain/card.rs reads them.
function part(text, name) {
  if (text[0] == '/') return null;
  var parts = text.split('&');
  for (var i = 0; i < parts.length; i++) if (parts[i].indexOf(name + '=') == 0) return parts[i].slice(name.length + 1);
  return null;
}

function draw() {
  var root = doc.documentElement;
  root.lang = lang;
  doc.getElementById('app').textContent = say(lang, 'app');
  pick.setAttribute('aria-label', say(lang, 'lang'));
  pick.value = lang;
  main.textContent = '';
  var panel = add(main, 'article', 'card-panel');
  if (!state) {
    add(panel, 'p', 'loading', say(lang, 'loading')).setAttribute('role', 'status');
  } else if (state.none) {
    add(panel, 'p', 'ask', say(lang, 'ask'));
  } else if (state.bad) {
    add(panel, 'p', 'alert', say(lang, 'bad')).setAttribute('role', 'alert');
    add(panel, 'p', 'hint', say(lang, 'bad_hint'));
  } else {
    var c = state.card;
    renderCard(panel, c, lang, 'h1');
    add(panel, 'p', 'fresh', say(lang, 'fresh'));
    var key = add(panel, 'p', 'card-key', say(lang, 'signed') + ' ');
    add(key, 'code', 'fingerprint', c.fp);
    add(key, 'br');
    key.appendChild(doc.createTextNode(say(lang, 'compare')));
    doc.title = c.shop + ' · ' + say(lang, 'app');
  }
}

async function load() {
  var token = part(location.hash.slice(1), 'mohar'), key = part(location.search.slice(1), 'shop');
  if (token == null) {
    state = { none: 1 };
  } else if (key == null) {
    state = { bad: 'InvalidPublicKey' };
  } else {
    state = null;
    draw();
    // The wasm verifier may fail to load (offline before it was ever kept): say the card could
    // not be checked rather than load for ever.
    var checked = await verify(key, token).catch(function () { return { path: 'none', result: 'Unavailable' }; });
    // Which verifier decided, for the tests and the benchmark.
    doc.documentElement.setAttribute('data-verifier', checked.path);
    state = typeof checked.result == 'string' ? { bad: checked.result } : { card: checked.result };
  }
  draw();
}

LANGS.forEach(function (code) {
  var option = add(pick, 'option', '', TEXTS[code].name);
  option.value = code;
  option.lang = code;
});
pick.addEventListener('change', function () {
  lang = pick.value;
  try { localStorage.setItem(STORE, lang); } catch (e) {}
  draw();
});
// A newer link opened in the same tab changes only the fragment.
window.addEventListener('hashchange', load);
draw();
load().then(function () {
  // Offline after one visit: this page's own worker, scoped to card/. It also keeps the wasm
  // verifier where this browser needs it (?wasm=1), and only then.
  if (!('serviceWorker' in navigator)) return;
  hasEd25519().then(function (yes) {
    navigator.serviceWorker.register(yes ? 'sw.js' : 'sw.js?wasm=1').catch(function () {});
  });
});
