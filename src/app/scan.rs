//! Reading a QR code with the camera, where the browser can: `BarcodeDetector` and
//! `navigator.mediaDevices.getUserMedia`. No JavaScript QR library is shipped for the others;
//! they get no scan button and paste the link instead.
//!
//! Both APIs are reached through `js_sys::Reflect`, so no `web-sys` features (and no wasm) are
//! added for what only some browsers have.
//!
//! A screen that scans ("Check a card", "Join a shop") holds one [`Scanner`]: the camera's
//! state and its loop are written once, here, and the screen only says what a code found does.

use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `target[name]`, if present and not null.
fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &name.into()).ok().filter(|value| !value.is_undefined() && !value.is_null())
}

fn window() -> Option<JsValue> {
    web_sys::window().map(JsValue::from)
}

fn media_devices() -> Option<JsValue> {
    get(&get(&window()?, "navigator")?, "mediaDevices")
}

/// Whether this browser can scan a QR code with the camera.
pub fn supported() -> bool {
    window().and_then(|w| get(&w, "BarcodeDetector")).is_some()
        && media_devices().and_then(|media| get(&media, "getUserMedia")).is_some()
}

fn method(target: &JsValue, name: &str) -> Result<Function, JsValue> {
    get(target, name).ok_or_else(|| JsValue::from_str(name))?.dyn_into()
}

/// A camera showing in a `<video>` element, with a QR code detector.
pub struct Camera {
    stream: JsValue,
    detector: JsValue,
}

impl Camera {
    /// Asks for the (back) camera and shows it in `video`.
    pub async fn open(video: &JsValue) -> Result<Camera, JsValue> {
        let media = media_devices().ok_or(JsValue::NULL)?;
        let constraints = Object::new();
        let wanted = Object::new();
        Reflect::set(&wanted, &"facingMode".into(), &"environment".into())?;
        Reflect::set(&constraints, &"video".into(), &wanted)?;
        Reflect::set(&constraints, &"audio".into(), &false.into())?;
        let asked: Promise = method(&media, "getUserMedia")?.call1(&media, &constraints)?.dyn_into()?;
        let stream = JsFuture::from(asked).await?;
        let camera_detector = || -> Result<JsValue, JsValue> {
            let options = Object::new();
            Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into()))?;
            let class: Function = get(&window().ok_or(JsValue::NULL)?, "BarcodeDetector").ok_or(JsValue::NULL)?.dyn_into()?;
            Reflect::construct(&class, &Array::of1(&options))
        };
        let camera = Camera { detector: camera_detector()?, stream };
        Reflect::set(video, &"srcObject".into(), &camera.stream)?;
        if let Ok(playing) = method(video, "play").and_then(|play| play.call0(video)) {
            // A refused autoplay only means the first frames come later.
            let _ = JsFuture::from(Promise::resolve(&playing)).await;
        }
        Ok(camera)
    }

    /// The text of a QR code in the video's current frame, if one is seen.
    pub async fn detect(&self, video: &JsValue) -> Option<String> {
        let promise: Promise = method(&self.detector, "detect").ok()?.call1(&self.detector, video).ok()?.dyn_into().ok()?;
        let found: Array = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
        found.iter().find_map(|code| get(&code, "rawValue")?.as_string())
    }

    /// Turns the camera off.
    pub fn stop(&self) {
        let tracks = method(&self.stream, "getTracks").and_then(|get_tracks| get_tracks.call0(&self.stream));
        if let Ok(tracks) = tracks.and_then(|tracks| tracks.dyn_into::<Array>()) {
            for track in tracks.iter() {
                if let Ok(stop) = method(&track, "stop") {
                    let _ = stop.call0(&track);
                }
            }
        }
    }
}

/// A screen's QR scanner: the camera turned on and off by the screen's buttons, looking for a
/// code five times a second, and what to do with the first one seen. `Copy` (every part is a
/// reactive handle), so each button's handler takes it.
#[derive(Clone, Copy)]
pub struct Scanner {
    /// Whether the camera is on: the screen shows the `<video>` and a "Stop" button meanwhile.
    pub scanning: RwSignal<bool>,
    /// Whether the camera could not be opened (refused, or none).
    pub failed: RwSignal<bool>,
    /// The `<video>` the screen shows while scanning.
    pub video: NodeRef<html::Video>,
    camera: StoredValue<Option<Rc<Camera>>, LocalStorage>,
    on_found: StoredValue<Rc<dyn Fn(String)>, LocalStorage>,
}

impl Scanner {
    /// A scanner that hands the text of the first QR code it sees to `on_found`, then turns the
    /// camera off; the camera is turned off too when the screen is left.
    pub fn new(on_found: impl Fn(String) + 'static) -> Scanner {
        let on_found: Rc<dyn Fn(String)> = Rc::new(on_found);
        let scanner = Scanner {
            scanning: RwSignal::new(false),
            failed: RwSignal::new(false),
            video: NodeRef::new(),
            camera: StoredValue::new_local(None),
            on_found: StoredValue::new_local(on_found),
        };
        on_cleanup(move || scanner.stop());
        scanner
    }

    /// Turns the camera on and looks for a code until one is seen or [`Scanner::stop`].
    pub fn start(self) {
        self.failed.set(false);
        self.scanning.set(true);
        spawn_local(async move {
            // The <video> appears once `scanning` is set.
            sleep(0).await;
            let Some(element) = self.video.get_untracked() else { return };
            let element = JsValue::from(element);
            let Ok(opened) = Camera::open(&element).await.map(Rc::new) else {
                self.failed.try_set(true);
                self.scanning.try_set(false);
                return;
            };
            self.camera.try_update_value(|camera| *camera = Some(opened.clone()));
            while self.scanning.try_get_untracked() == Some(true) {
                if let Some(found) = opened.detect(&element).await {
                    if let Some(on_found) = self.on_found.try_get_value() {
                        on_found(found);
                    }
                    self.stop();
                    break;
                }
                sleep(200).await;
            }
            opened.stop();
        });
    }

    /// Turns the camera off. `try_` throughout: this also runs when the screen is left, as its
    /// signals go away.
    pub fn stop(self) {
        self.scanning.try_set(false);
        if let Some(camera) = self.camera.try_update_value(Option::take).flatten() {
            camera.stop();
        }
    }
}

/// Waits `millis` milliseconds.
pub async fn sleep(millis: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _ = JsFuture::from(promise).await;
}
