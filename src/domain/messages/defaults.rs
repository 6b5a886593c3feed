//! The default texts of the templates, as a shop writes to its customers, in the words of
//! docs/glossary.md (मोहर, স্ট্যাম্প, સ્ટેમ્પ; इनाम, পুরস্কার, ઇનામ). Bengali opens with "প্রিয়"
//! (dear), which suits customers of every faith in Bangladesh and West Bengal alike. The names
//! are written without "ji": {name} is either the shop's own form of address ("Sharma ji") or
//! the first name, and "Sharma ji ji" would be wrong.

use super::consent::Lang;
use super::templates::TemplateKind;

/// The default text of a kind in a language.
pub(super) fn text(kind: TemplateKind, lang: Lang) -> &'static str {
    let [en, hi, bn, gu] = texts(kind);
    match lang {
        Lang::En => en,
        Lang::Hi => hi,
        Lang::Bn => bn,
        Lang::Gu => gu,
    }
}

fn texts(kind: TemplateKind) -> [&'static str; 4] {
    match kind {
        TemplateKind::CardUpdate => [
            "Hello {name}, your card at {shop} now has {stamps} stamps. Just {more} more for {reward}! Your card: {link}",
            "नमस्ते {name}, {shop} में आपके कार्ड पर अब {stamps} मोहरें हैं। बस {more} मोहर और, फिर {reward} आपका! आपका कार्ड: {link}",
            "প্রিয় {name}, {shop}-এ আপনার কার্ডে এখন {stamps}টি স্ট্যাম্প। আর মাত্র {more}টি স্ট্যাম্প হলেই {reward}! আপনার কার্ড: {link}",
            "નમસ્તે {name}, {shop}માં તમારા કાર્ડ પર હવે {stamps} સ્ટેમ્પ છે. બસ {more} સ્ટેમ્પ બાકી, પછી {reward} તમારું! તમારું કાર્ડ: {link}",
        ],
        TemplateKind::RewardReady => [
            "Hello {name}, your reward is ready at {shop}: {reward}. Show this message at the counter. Your card: {link}",
            "नमस्ते {name}, {shop} में आपका इनाम तैयार है: {reward}। काउंटर पर यह मैसेज दिखाइए। आपका कार्ड: {link}",
            "প্রিয় {name}, {shop}-এ আপনার পুরস্কার পাওনা: {reward}। কাউন্টারে এই মেসেজটি দেখান। আপনার কার্ড: {link}",
            "નમસ્તે {name}, {shop}માં તમારું ઇનામ તૈયાર છે: {reward}. કાઉન્ટર પર આ મેસેજ બતાવો. તમારું કાર્ડ: {link}",
        ],
        TemplateKind::ThankYou => [
            "Thank you for coming to {shop}, {name}! Your card has {stamps} stamps. See it any time: {link}",
            "{shop} आने के लिए धन्यवाद, {name}! आपके कार्ड पर {stamps} मोहरें हैं। अपना कार्ड कभी भी देखिए: {link}",
            "{shop}-এ আসার জন্য ধন্যবাদ, {name}! আপনার কার্ডে {stamps}টি স্ট্যাম্প আছে। যেকোনো সময় কার্ড দেখুন: {link}",
            "{shop}માં આવવા બદલ આભાર, {name}! તમારા કાર્ડ પર {stamps} સ્ટેમ્પ છે. કાર્ડ ગમે ત્યારે જુઓ: {link}",
        ],
        TemplateKind::FeedbackRequest => [
            "Hello {name}, how was your visit to {shop}? Reply with a number from 1 to 5. Your word helps us.",
            "नमस्ते {name}, {shop} में आपका अनुभव कैसा रहा? 1 से 5 तक एक नंबर भेजिए। आपकी राय हमारे लिए ज़रूरी है।",
            "প্রিয় {name}, {shop}-এ আপনার অভিজ্ঞতা কেমন ছিল? ১ থেকে ৫-এর মধ্যে একটি সংখ্যা লিখে পাঠান। আপনার মতামত আমাদের কাছে দামি।",
            "નમસ્તે {name}, {shop}માં તમારો અનુભવ કેવો રહ્યો? 1 થી 5 માંથી એક નંબર મોકલો. તમારો અભિપ્રાય અમારા માટે મહત્વનો છે.",
        ],
        TemplateKind::Birthday => [
            "Happy birthday, {name}! Best wishes from all of us at {shop}. Come by this week, we have a small treat for you.",
            "जन्मदिन की बहुत-बहुत बधाई, {name}! {shop} की ओर से ढेर सारी शुभकामनाएँ। इस हफ़्ते दुकान आइए, आपके लिए छोटा-सा तोहफ़ा है।",
            "শুভ জন্মদিন, {name}! {shop}-এর সবার পক্ষ থেকে অনেক শুভেচ্ছা। এই সপ্তাহে দোকানে আসুন, আপনার জন্য ছোট্ট একটা উপহার আছে।",
            "જન્મદિવસની ખૂબ ખૂબ શુભેચ્છા, {name}! {shop} તરફથી હાર્દિક શુભકામનાઓ. આ અઠવાડિયે દુકાને આવજો, તમારા માટે નાનકડી ભેટ છે.",
        ],
        TemplateKind::Anniversary => [
            "Happy anniversary, {name}! Warm wishes to you both from {shop}.",
            "शादी की सालगिरह की हार्दिक बधाई, {name}! {shop} की ओर से आप दोनों को शुभकामनाएँ।",
            "শুভ বিবাহবার্ষিকী, {name}! {shop}-এর পক্ষ থেকে আপনাদের দুজনকে আন্তরিক শুভেচ্ছা।",
            "લગ્નની વર્ષગાંઠની હાર્દિક શુભેચ્છા, {name}! {shop} તરફથી તમને બંનેને શુભકામનાઓ.",
        ],
        TemplateKind::Festival => [
            "Happy {festival}, {name}! Warm wishes to you and your family from {shop}.",
            "{name}, आपको और आपके परिवार को {shop} की ओर से {festival} की हार्दिक शुभकामनाएँ!",
            "{name}, আপনাকে ও আপনার পরিবারকে {shop}-এর পক্ষ থেকে {festival}-এর আন্তরিক শুভেচ্ছা!",
            "{name}, તમને અને તમારા પરિવારને {shop} તરફથી {festival}ની હાર્દિક શુભેચ્છા!",
        ],
        TemplateKind::NewStock => [
            "Hello {name}, new stock has arrived at {shop}! Do come and have a look.",
            "नमस्ते {name}, {shop} में नया माल आ गया है! ज़रूर आकर देखिए।",
            "প্রিয় {name}, {shop}-এ নতুন মাল এসেছে! একবার এসে দেখে যান।",
            "નમસ્તે {name}, {shop}માં નવો માલ આવી ગયો છે! એક વાર જરૂર જોવા આવજો.",
        ],
        TemplateKind::NewOffer => [
            "Hello {name}, a new offer at {shop}: say code {code} at the counter until {date} for your discount.",
            "नमस्ते {name}, {shop} में नया ऑफ़र: {date} तक काउंटर पर कोड {code} बताइए और छूट पाइए।",
            "প্রিয় {name}, {shop}-এ নতুন অফার: {date} পর্যন্ত কাউন্টারে কোড {code} বললেই ছাড়।",
            "નમસ્તે {name}, {shop}માં નવી ઓફર: {date} સુધી કાઉન્ટર પર કોડ {code} કહો અને વળતર મેળવો.",
        ],
        TemplateKind::WeMissYou => [
            "Hello {name}, we have not seen you at {shop} for a while and we miss you! Come by before {date}, we have a small gift for you.",
            "नमस्ते {name}, काफ़ी दिनों से आप {shop} नहीं आए, हमें आपकी याद आती है! {date} तक आइए, आपके लिए एक छोटा-सा तोहफ़ा है।",
            "প্রিয় {name}, অনেক দিন আপনাকে {shop}-এ দেখিনি, আপনার কথা মনে পড়ছে! {date}-এর মধ্যে আসুন, আপনার জন্য ছোট্ট উপহার আছে।",
            "નમસ્તે {name}, ઘણા દિવસથી તમે {shop} નથી આવ્યા, અમને તમારી યાદ આવે છે! {date} સુધીમાં આવજો, તમારા માટે નાનકડી ભેટ છે.",
        ],
        TemplateKind::ComplaintResolved => [
            "Hello {name}, the problem you told us about at {shop} has been put right. Thank you for your patience, and sorry for the trouble.",
            "नमस्ते {name}, आपने {shop} में जो शिकायत बताई थी, वह ठीक कर दी गई है। धैर्य रखने के लिए धन्यवाद, परेशानी के लिए माफ़ी चाहते हैं।",
            "প্রিয় {name}, {shop}-এ আপনি যে অভিযোগ জানিয়েছিলেন, তার সমাধান হয়েছে। ধৈর্য ধরার জন্য ধন্যবাদ, অসুবিধার জন্য আমরা দুঃখিত।",
            "નમસ્તે {name}, તમે {shop}માં જે ફરિયાદ કરી હતી તેનો ઉકેલ આવી ગયો છે. ધીરજ રાખવા બદલ આભાર, તકલીફ બદલ માફ કરશો.",
        ],
    }
}
