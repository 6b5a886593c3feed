//! Staff and owner, the shell's part: the staff book read from the store, who signed in at
//! this counter, and checking a typed PIN (hash in WebCrypto, rule in `domain::staff`).

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use super::errors::UiError;
use super::{pin_hash, random, AppStore, Shell};
use crate::domain::permissions::{self, Permission};
use crate::domain::staff::{read_pin, StaffBook};
use crate::domain::Actor;
use crate::store::Store;

impl Shell {
    /// Whether the shop has an owner PIN (tracked). Without one everyone is the owner.
    pub fn owner_pin_set(&self) -> bool {
        self.staff.with(|book| book.as_ref().is_some_and(StaffBook::has_owner_pin))
    }

    /// Who is working at this counter: the one who signed in, or the owner in a shop without
    /// PINs (tracked).
    pub fn actor(&self) -> Actor {
        if self.owner_pin_set() {
            self.person.get().unwrap_or(Actor::Staff)
        } else {
            Actor::Owner
        }
    }

    /// Whether someone must say who is working before the counter opens (tracked).
    pub fn needs_sign_in(&self) -> bool {
        self.owner_pin_set() && self.person.with(Option::is_none)
    }

    /// What "Add stamp" needs for a customer last stamped at `last_stamp` (untracked).
    pub fn stamp_permission(&self, last_stamp: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Permission {
        let (pin_set, cooldown) = self.staff.with_untracked(|book| book.as_ref().map_or((false, chrono::TimeDelta::zero()), |book| (book.has_owner_pin(), book.cooldown())));
        let actor = untrack(|| self.actor());
        permissions::stamp_permission(actor, pin_set, last_stamp, now, cooldown)
    }

    /// Reads the staff book (`at_start`: at start-up, else after the owner's screens saved it).
    /// A shop without one has no PINs; a book that cannot be read is reported and treated so too.
    pub async fn load_staff(&self, store: &AppStore, at_start: bool) {
        match store.staff_book().await {
            Ok(book) => {
                // Someone signed in who has been removed since is signed out.
                if let (Some(Actor::StaffMember(id)), Some(book)) = (self.person.get_untracked(), book.as_ref()) {
                    if !book.active_staff().any(|member| member.id == id) {
                        self.sign_in(None);
                    }
                }
                // The owner who has just set the first owner PIN (a shop without one: everyone
                // was the owner) stays signed in as the owner.
                if book.as_ref().is_some_and(StaffBook::has_owner_pin) && !self.staff.with_untracked(|old| old.as_ref().is_some_and(StaffBook::has_owner_pin)) && self.person.get_untracked().is_none() && !at_start {
                    self.sign_in(Some(Actor::Owner));
                }
                self.staff.try_set(book);
            }
            Err(error) => self.report(&error.into()),
        }
    }

    /// Notes who is working; every event planned from now on records them.
    pub fn sign_in(&self, person: Option<Actor>) {
        self.person.try_set(person);
        let actor = person.unwrap_or(Actor::Owner);
        self.counter.try_update_untracked(|counter| {
            if let Some(counter) = counter {
                counter.set_actor(actor);
            }
        });
    }

    /// Checks a typed PIN for `person`, against the staff book as stored now (another screen
    /// may have changed it), and saves the book with the try noted, right or wrong, so the lock
    /// survives a reload.
    pub async fn check_pin(&self, person: Actor, typed: &str) -> Result<(), UiError> {
        let pin = read_pin(typed).map_err(UiError::Pin)?;
        let store = self.store().ok_or(UiError::PinUnavailable)?;
        let mut book = store.staff_book().await.map_err(UiError::from)?.ok_or(UiError::PinUnavailable)?;
        let hash = pin_hash::hash_pin(&pin, &book.salt.0).await.map_err(|_| UiError::PinUnavailable)?;
        let result = book.verify(person, &hash, Utc::now()).map_err(UiError::Pin);
        store.save_staff_book(&book).await.map_err(UiError::from)?;
        self.staff.try_set(Some(book));
        result
    }

    /// The stored staff book, or a new one with a fresh salt (the owner's first PIN).
    pub async fn staff_book_or_new(&self, store: &AppStore) -> Result<StaffBook, UiError> {
        Ok(store.staff_book().await.map_err(UiError::from)?.unwrap_or_else(|| StaffBook::new(random::random_bytes())))
    }

    /// Saves the staff book, shows it, and (in the owner's bundle) has the counter read it.
    pub async fn save_staff_book(&self, store: &AppStore, book: StaffBook) -> Result<(), UiError> {
        store.save_staff_book(&book).await.map_err(UiError::from)?;
        self.staff.try_set(Some(book));
        self.tell_counter().await;
        Ok(())
    }
}

impl Shell {
    /// Whether a stamp now falls inside the cooldown of a customer last stamped at
    /// `last_stamp`, in a shop with an owner PIN (untracked). Such a stamp records the
    /// override: the owner's PIN, or the owner working, allowed it.
    pub fn inside_cooldown(&self, last_stamp: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        self.staff.with_untracked(|book| {
            book.as_ref().is_some_and(|book| book.has_owner_pin() && permissions::inside_cooldown(last_stamp, now, book.cooldown()))
        })
    }
}
