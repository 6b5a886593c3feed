/* The widget's part (packaged after core.js as widget-<hash>.js, which embed.js loads): which
 * card to show and keep, decided as before (src: the former Rust `decide`), rendered by core.js.
 * The kept card sits in the host site's localStorage under `mohar.card.<shop key>`; an older
 * genuine card never replaces a newer one, and a kept card that no longer verifies is forgotten. */
async function show(body, key, token, lang) {
  var store, name = 'mohar.card.' + key, kept = null;
  try {
    store = localStorage;
    kept = store.getItem(name);
  } catch (e) {}
  var check = async function (t) {
    var checked = await verify(key, t);
    body.setAttribute('data-verifier', checked.path);
    return typeof checked.result == 'string' ? null : checked.result;
  };
  var card = kept == null ? null : await check(kept);
  var forget = kept != null && !card, keep = null, rejected = false;
  if (token != null) {
    var linked = await check(token);
    if (!linked) rejected = true;
    else if (!card || newer(linked, card)) {
      card = linked;
      keep = token;
    }
  }
  // Failing to keep (quota, privacy mode) only means the link is needed again next time.
  try {
    if (keep) store.setItem(name, keep);
    else if (forget) store.removeItem(name);
  } catch (e) {}
  body.textContent = '';
  // The level, the referral code and Share (format 3 cards): styled from here rather than in
  // embed.js, which must stay within its 2 KB.
  var root = body.getRootNode();
  if (!root.querySelector('style.m3')) add(root, 'style', 'm3', '.level{font-weight:600}.code{letter-spacing:.05em}.share{display:inline-block;min-height:44px;padding:11px 14px;margin-left:6px;color:#b3261e;font-weight:600}');
  if (rejected) add(body, 'p', 'err', say(lang, 'bad')).setAttribute('role', 'alert');
  if (card) renderCard(body, card, lang, 'h2');
  else if (!rejected) add(body, 'p', 'msg', say(lang, 'ask'));
}
g.r({ show: show });
