/* Mohar card core, shared by the customer's card page (page.js) and the website widget
 * (widget.js): the texts in four languages, the strict token checks, verification with the
 * browser's WebCrypto Ed25519 where it has it and with the wasm verifier (crates/widget, which is
 * crates/card's own `verify`) where it does not, "which card is newer" and the card's view.
 * crates/widget/tools/package.py wraps it with page.js or widget.js in one function, strips the
 * comments and fills in __VERIFIER__ (the verifier's address relative to this script).
 * Only whole-line // comments and one-line strings here: the packager's stripping relies on it. */
var doc = document, g = (window.__mohar = window.__mohar || {});
var SELF = doc.currentScript ? doc.currentScript.src : location.href;
var LANGS = ['en', 'hi', 'bn', 'gu'];
// BCP 47 tags for numbers and dates: Bengali with its own digits, the others as shops write them.
var TAG = { en: 'en-IN', hi: 'hi-IN', bn: 'bn-IN', gu: 'gu-IN' };
// Natural shop language, one word per idea as in docs/glossary.md: मोहर / স্ট্যাম্প / સ્ટેમ્પ for a
// stamp, पहचान कोड / পরিচয় কোড / ઓળખ કોડ for the fingerprint, as the counter app says them.
// An entry with one/other is chosen by Intl.PluralRules of the language for the count {n}.
var TEXTS = {
  en: {
    name: 'English', app: 'Mohar', lang: 'Language', stamps: 'Stamps',
    loading: 'Loading your card…', ask: 'Ask at the counter for your card link',
    bad: 'This card could not be verified',
    bad_hint: 'The link may be incomplete or changed. Ask at the counter for a new card link.',
    of: { one: '{n} of {m} stamp', other: '{n} of {m} stamps' },
    ready: 'Rewards ready: {n}',
    more: { one: '{n} more stamp for {reward}', other: '{n} more stamps for {reward}' },
    more_any: { one: '{n} more stamp until your next reward', other: '{n} more stamps until your next reward' },
    updated: 'Updated {date}',
    fresh: 'This card shows your stamps as of that day. After your next visit, the shop sends you a new link.',
    signed: 'Signed by the key with fingerprint',
    compare: 'Compare it with the fingerprint the shop shows you. If it is different, this card is not from that shop.',
    level: 'Level: {tier}', to_next: { one: '{n} more visit to {next}', other: '{n} more visits to {next}' },
    code: 'Your referral code', share: 'Share', join: 'Join me at {shop} — use my code {code}',
  },
  hi: {
    name: 'हिन्दी', app: 'मोहर', lang: 'भाषा', stamps: 'मोहरें',
    loading: 'आपका कार्ड खुल रहा है…', ask: 'अपने कार्ड का लिंक काउंटर पर माँग लें',
    bad: 'यह कार्ड सही नहीं निकला',
    bad_hint: 'लिंक अधूरा है या उसमें कुछ बदला गया है। काउंटर पर नया लिंक माँग लें।',
    of: { one: '{m} में से {n} मोहर', other: '{m} में से {n} मोहर' },
    ready: { one: '{n} इनाम तैयार है', other: '{n} इनाम तैयार हैं' },
    more: { one: 'बस {n} और मोहर, फिर {reward}', other: '{n} और मोहर, फिर {reward}' },
    more_any: { one: 'बस {n} और मोहर, फिर आपका इनाम', other: '{n} और मोहर, फिर आपका इनाम' },
    updated: '{date} का कार्ड',
    fresh: 'इसमें उस दिन तक की आपकी मोहरें हैं। अगली बार आने पर दुकान आपको नया लिंक भेजेगी।',
    signed: 'इस कार्ड का पहचान कोड:',
    compare: 'इसे दुकान पर दिखाए गए पहचान कोड से मिलाएँ। अलग हो, तो यह कार्ड उस दुकान का नहीं है।',
    level: 'लेवल: {tier}', to_next: '{next} के लिए {n} बार और आना है',
    code: 'आपका रेफ़रल कोड', share: 'शेयर करें', join: '{shop} पर मेरे साथ आइए — मेरा रेफ़रल कोड {code} बताइए',
  },
  bn: {
    name: 'বাংলা', app: 'মোহর', lang: 'ভাষা', stamps: 'স্ট্যাম্প',
    loading: 'আপনার কার্ড খুলছে…', ask: 'আপনার কার্ডের লিংক কাউন্টারে চেয়ে নিন',
    bad: 'এই কার্ডটা ঠিক আছে বলে মেলানো গেল না',
    bad_hint: 'লিংকটা হয়তো পুরো আসেনি বা বদলে গেছে। কাউন্টারে নতুন লিংক চেয়ে নিন।',
    of: { one: '{m}টার মধ্যে {n}টা স্ট্যাম্প', other: '{m}টার মধ্যে {n}টা স্ট্যাম্প' },
    ready: { one: '{n}টা পুরস্কার নিতে পারেন', other: '{n}টা পুরস্কার নিতে পারেন' },
    more: { one: 'আর মাত্র {n}টা স্ট্যাম্প, তারপর {reward}', other: 'আর {n}টা স্ট্যাম্প, তারপর {reward}' },
    more_any: { one: 'আর মাত্র {n}টা স্ট্যাম্প, তারপর আপনার পুরস্কার', other: 'আর {n}টা স্ট্যাম্প, তারপর আপনার পুরস্কার' },
    updated: '{date}-এর কার্ড',
    fresh: 'এতে সেদিন পর্যন্ত আপনার স্ট্যাম্প দেখানো আছে। পরের বার এলে দোকান আপনাকে নতুন লিংক পাঠাবে।',
    signed: 'এই কার্ডের পরিচয় কোড:',
    compare: 'দোকানে দেখানো পরিচয় কোডের সঙ্গে মিলিয়ে নিন। না মিললে কার্ডটা ওই দোকানের নয়।',
    level: 'লেভেল: {tier}', to_next: '{next} হতে আর {n} বার আসতে হবে',
    code: 'আপনার রেফারেল কোড', share: 'শেয়ার করুন', join: '{shop}-এ আমার সঙ্গে আসুন — আমার রেফারেল কোড {code} বলবেন',
  },
  gu: {
    name: 'ગુજરાતી', app: 'મહોર', lang: 'ભાષા', stamps: 'સ્ટેમ્પ',
    loading: 'તમારું કાર્ડ ખૂલે છે…', ask: 'તમારા કાર્ડની લિંક કાઉન્ટર પર માંગી લો',
    bad: 'આ કાર્ડ સાચું હોવાની ખાતરી ન થઈ',
    bad_hint: 'લિંક અધૂરી છે કે બદલાઈ ગઈ છે. કાઉન્ટર પર નવી લિંક માંગી લો.',
    of: { one: '{m} માંથી {n} સ્ટેમ્પ', other: '{m} માંથી {n} સ્ટેમ્પ' },
    ready: { one: '{n} ઇનામ તૈયાર છે', other: '{n} ઇનામ તૈયાર છે' },
    more: { one: 'બસ {n} સ્ટેમ્પ બાકી, પછી {reward}', other: 'હજુ {n} સ્ટેમ્પ, પછી {reward}' },
    more_any: { one: 'બસ {n} સ્ટેમ્પ બાકી, પછી તમારું ઇનામ', other: 'હજુ {n} સ્ટેમ્પ, પછી તમારું ઇનામ' },
    updated: '{date}નું કાર્ડ',
    fresh: 'આમાં એ દિવસ સુધીના તમારા સ્ટેમ્પ છે. હવે પછી આવો ત્યારે દુકાન તમને નવી લિંક મોકલશે.',
    signed: 'આ કાર્ડનો ઓળખ કોડ:',
    compare: 'દુકાને બતાવેલા ઓળખ કોડ સાથે સરખાવો. અલગ હોય તો આ કાર્ડ એ દુકાનનું નથી.',
    level: 'લેવલ: {tier}', to_next: '{next} માટે હજુ {n} વખત આવવાનું છે',
    code: 'તમારો રેફરલ કોડ', share: 'શેર કરો', join: '{shop} પર મારી સાથે આવો — મારો રેફરલ કોડ {code} કહેજો',
  },
};

// The text `key` in `lang`, with {n}, {m} and the other values filled in; numbers are written
// in the language's digits by Intl. The plural form follows `count` if given, else {n}.
function say(lang, key, vars) {
  var entry = TEXTS[lang][key], count = vars && (vars.count != null ? vars.count : vars.n);
  if (typeof entry == 'object') entry = entry[new Intl.PluralRules(TAG[lang]).select(count)] || entry.other;
  var num = new Intl.NumberFormat(TAG[lang], { useGrouping: false });
  return entry.replace(/\{(\w+)\}/g, function (_, name) {
    var v = vars[name];
    return typeof v == 'number' ? num.format(v) : v;
  });
}

// Canonical unpadded base64url (as crates/card/src/b64.rs): the bytes, or null for padding,
// another alphabet, an impossible length or non-zero unused bits.
var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function b64(text) {
  if (text.length % 4 == 1) return null;
  var out = new Uint8Array((text.length * 3) >> 2), o = 0;
  for (var i = 0; i < text.length; i += 4) {
    var n = 0, len = Math.min(4, text.length - i);
    for (var j = 0; j < len; j++) {
      var v = B64.indexOf(text[i + j]);
      if (v < 0) return null;
      n |= v << (18 - 6 * j);
    }
    var bytes = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    for (j = len - 1; j < 3; j++) if (bytes[j]) return null;
    for (j = 0; j < len - 1; j++) out[o++] = bytes[j];
  }
  return out;
}

var utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
var hex = function (bytes) {
  return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
};
var bytesOf = function (text) { return new TextEncoder().encode(text); };
var join = function (a, b) { var m = new Uint8Array(a.length + b.length); m.set(a); m.set(b, a.length); return m; };

// The claims of a payload (formats 1, 2 and 3, crates/card's layout table), or null when a
// field does not decode, is not canonical or bytes are left over.
function claims(p) {
  try {
    var v = p[0], o = v > 1 ? 5 : 9, view = new DataView(p.buffer, p.byteOffset, p.length);
    var c = { id: hex(p.subarray(o, o + 16)), seq: null }, text = function (field) {
      var len = p[o++];
      if (len === undefined || o + len > p.length) throw 0;
      c[field] = utf8.decode(p.subarray(o, o + len));
      o += len;
    };
    o += 16;
    if (v > 1) { c.seq = view.getUint32(o); o += 4; }
    c.at = view.getUint32(o);
    c.stamps = view.getUint16(o + 4);
    c.per = view.getUint16(o + 6);
    c.ready = view.getUint16(o + 8);
    o += 10;
    ['shop', 'name', 'reward'].forEach(text);
    if (v == 3) {
      // The referral code's 35 bits (the top 5 of its 5 bytes zero), the tier, the next tier
      // and the visits it needs (0 exactly when there is none).
      if (p[o] > 7) throw 0;
      c.code = p[o] * 4294967296 + view.getUint32(o + 1);
      o += 5;
      ['tier', 'next'].forEach(text);
      c.need = p[o++];
      if (c.need === undefined || !c.need != !c.next) throw 0;
    }
    return o == p.length && c.per ? c : null;
  } catch (e) {
    return null;
  }
}

// Crockford's base 32, of the fingerprint and the referral code.
var CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// A referral code's 35 bits as the counter shows them (src/domain/referral.rs): `4K7Q-M2P`.
function codeText(n) {
  for (var out = '', i = 6; i >= 0; i--) out += (i == 2 ? '-' : '') + CROCKFORD[Math.floor(n / Math.pow(32, i)) % 32];
  return out;
}

// The key's fingerprint (crates/card/src/fingerprint.rs): 80 bits of SHA-512 in Crockford's
// base32, four groups of four.
async function fingerprint(key) {
  var digest = new Uint8Array(await crypto.subtle.digest('SHA-512', join(bytesOf('mohar-key-fingerprint/v1\0'), key)));
  var abc = CROCKFORD, out = '', acc = 0, bits = 0;
  for (var i = 0; i < 10; i++) {
    acc = ((acc << 8) | digest[i]) & 0xfff;
    for (bits += 8; bits >= 5; ) {
      bits -= 5;
      out += abc[(acc >> bits) & 31];
      if (out.length % 5 == 4 && out.length < 19) out += '-';
    }
  }
  return out;
}

// A valid Ed25519 public key (RFC 8032's first test vector), to ask the browser whether it
// verifies Ed25519 before it is given a key from a link.
var PROBE = b64('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo');
var hasEd25519 = function () {
  return (g.e = g.e || (async function () {
    try {
      await crypto.subtle.importKey('raw', PROBE, { name: 'Ed25519' }, false, ['verify']);
      return true;
    } catch (e) {
      return false;
    }
  })());
};

// Verification with WebCrypto, making every check crates/card's `verify` makes, in its order.
// Resolves to the card or to the name of the CardError the Rust verifier would give.
async function verifyWebCrypto(keyText, token) {
  var key = b64(keyText.trim());
  if (!key || key.length != 32) return 'InvalidPublicKey';
  var imported;
  try {
    imported = await crypto.subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    return 'InvalidPublicKey';
  }
  if (!token) return 'Empty';
  if (bytesOf(token).length > 340) return 'TooLong';
  var b = b64(token);
  if (!b) return 'Malformed';
  if (!b.length) return 'TooShort';
  if (b[0] < 1 || b[0] > 3) return 'UnsupportedVersion';
  if (b.length < 38 + 64) return 'TooShort';
  var id = new Uint8Array(await crypto.subtle.digest('SHA-512', key));
  for (var i = 0; i < (b[0] > 1 ? 4 : 8); i++) if (b[1 + i] != id[i]) return 'WrongShop';
  var payload = b.subarray(0, b.length - 64);
  var message = join(bytesOf('mohar-card/v1\0'), payload);
  if (!(await crypto.subtle.verify({ name: 'Ed25519' }, imported, b.subarray(b.length - 64), message))) return 'BadSignature';
  var c = claims(payload);
  if (!c) return 'InvalidClaims';
  c.fp = await fingerprint(key);
  return c;
}

// The wasm verifier, loaded once, only when it is needed.
var wasm = function () {
  return (g.w = g.w || new Promise(function (ok, fail) {
    g.v = ok;
    var s = doc.createElement('script');
    s.src = new URL('__VERIFIER__', SELF).href;
    s.onerror = fail;
    (doc.head || doc.documentElement).appendChild(s);
  }));
};

// The card of `token` if the shop with public key `keyText` signed it unchanged, else the
// reason (a CardError name). `path` is 'webcrypto' or 'wasm': which one decided.
async function verify(keyText, token) {
  if (await hasEd25519()) return { path: 'webcrypto', result: await verifyWebCrypto(keyText, token) };
  var m = await wasm();
  return { path: 'wasm', result: m.verify(keyText, token) };
}
g.verify = verify;

// Of two cards, whether `a` should replace `b` (CardClaims::is_newer_than): one customer's
// cards by sequence (a format 1 card has none, and is older), else by time, then by id.
function newer(a, b) {
  var sa = a.seq == null ? -1 : a.seq, sb = b.seq == null ? -1 : b.seq;
  if (a.id == b.id) return sa != sb ? sa > sb : a.at > b.at;
  return a.at != b.at ? a.at > b.at : a.id > b.id;
}

// Appends <tag class=cls>text</tag> to `parent`; returns it.
function add(parent, tag, cls, text) {
  var el = doc.createElement(tag);
  if (cls) el.className = cls;
  if (text) el.textContent = text;
  parent.appendChild(el);
  return el;
}

// The card's view in `lang` into `body`: shop, name, the stamps (a circle each up to 30, a bar
// beyond), rewards ready, how many more for the reward, the date it shows.
function renderCard(body, c, lang, heading) {
  var per = Math.max(c.per, 1), on = Math.min(c.stamps, per), next = per - (c.stamps % per);
  add(body, heading, 'shop', c.shop);
  if (c.name) add(body, 'p', 'name', c.name);
  var bar = add(body, 'div', 'bar');
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-label', say(lang, 'stamps'));
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', String(per));
  bar.setAttribute('aria-valuenow', String(on));
  if (per <= 30) {
    if (per > 10) bar.className = 'bar many';
    for (var i = 0; i < per; i++) add(bar, 'i', i < on ? 'on' : '');
  } else {
    bar.className = 'bar long';
    // The CSSOM, not a style attribute, so a strict style-src allows it.
    add(bar, 'b').style.width = Math.floor((on * 100) / per) + '%';
  }
  // "1 of 10 stamps", "0 of 1 stamp": the noun counts the card's stamps.
  add(body, 'p', 'count', say(lang, 'of', { n: on, m: per, count: per }));
  if (c.ready) add(body, 'p', 'ready', say(lang, 'ready', { n: c.ready }));
  add(body, 'p', 'next', c.reward ? say(lang, 'more', { n: next, reward: c.reward }) : say(lang, 'more_any', { n: next }));
  // Format 3: the tier ("Level: Gold · 2 more visits to Platinum"), and the referral code with
  // Share: the phone's own share sheet where it has one, else a WhatsApp link with the text.
  var level = [];
  if (c.tier) level.push(say(lang, 'level', { tier: c.tier }));
  if (c.next) level.push(say(lang, 'to_next', { n: c.need, next: c.next }));
  if (level.length) add(body, 'p', 'level', level.join(' · '));
  if (c.code != null) {
    var code = codeText(c.code), line = add(body, 'p', 'refer', say(lang, 'code') + ' ');
    add(line, 'strong', 'code', code);
    var text = say(lang, 'join', { shop: c.shop, code: code }), share = add(line, 'a', 'share', say(lang, 'share'));
    share.href = 'https://wa.me/?text=' + encodeURIComponent(text);
    share.target = '_blank';
    share.rel = 'noopener';
    if (navigator.share) share.addEventListener('click', function (e) {
      e.preventDefault();
      navigator.share({ text: text }).catch(function () {});
    });
  }
  var date = new Date(c.at * 1000).toLocaleDateString(TAG[lang], { day: 'numeric', month: 'long', year: 'numeric' });
  add(body, 'p', 'date', say(lang, 'updated', { date: date }));
}
