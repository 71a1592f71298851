//! Undo and redo across document edits: a bounded list of earlier documents. Typing in one
//! policy is coalesced into one step, so undo does not go back one character at a time.

use std::collections::VecDeque;

/// How many earlier documents are kept.
pub const LIMIT: usize = 100;

/// Edits of the same target closer together than this (milliseconds) form one undo step.
pub const COALESCE_MS: f64 = 1_000.0;

/// The documents before and after the current one.
#[derive(Clone, Debug, PartialEq)]
pub struct History<T> {
    past: VecDeque<T>,
    future: Vec<T>,
    /// The target and time of the last coalescable edit.
    last: Option<(String, f64)>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            past: VecDeque::new(),
            future: Vec::new(),
            last: None,
        }
    }
}

impl<T> History<T> {
    /// Records `previous` before a change. With `coalesce = Some((target, now_ms))`, an edit of
    /// the same target within [`COALESCE_MS`] of the last one joins its step.
    pub fn record(&mut self, previous: T, coalesce: Option<(&str, f64)>) {
        self.future.clear();
        let joins = match (&self.last, coalesce) {
            (Some((last_target, last_at)), Some((target, now))) => {
                last_target == target && (0.0..COALESCE_MS).contains(&(now - last_at))
            }
            _ => false,
        };
        self.last = coalesce.map(|(target, now)| (target.to_owned(), now));
        if joins {
            return;
        }
        self.past.push_back(previous);
        if self.past.len() > LIMIT {
            self.past.pop_front();
        }
    }

    /// Steps back: gives the document to show instead of `current`.
    pub fn undo(&mut self, current: T) -> Result<T, T> {
        self.last = None;
        match self.past.pop_back() {
            Some(previous) => {
                self.future.push(current);
                Ok(previous)
            }
            None => Err(current),
        }
    }

    /// Steps forward again after [`History::undo`].
    pub fn redo(&mut self, current: T) -> Result<T, T> {
        self.last = None;
        match self.future.pop() {
            Some(next) => {
                self.past.push_back(current);
                Ok(next)
            }
            None => Err(current),
        }
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Ends the current typing step (the next edit starts a new one).
    pub fn seal(&mut self) {
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_and_redo_walk_the_steps() {
        let mut history = History::default();
        history.record(0, None);
        history.record(1, None);
        assert_eq!(history.undo(2), Ok(1));
        assert_eq!(history.undo(1), Ok(0));
        assert_eq!(history.undo(0), Err(0));
        assert_eq!(history.redo(0), Ok(1));
        assert_eq!(history.redo(1), Ok(2));
        assert_eq!(history.redo(2), Err(2));
    }

    #[test]
    fn typing_in_one_policy_is_one_step() {
        let mut history = History::default();
        history.record("a", Some(("p", 0.0)));
        history.record("ab", Some(("p", 300.0)));
        history.record("abc", Some(("p", 900.0)));
        // A pause, another policy, or a non-typing change starts a new step.
        history.record("abcd", Some(("p", 2_500.0)));
        history.record("x", Some(("q", 2_600.0)));
        history.record("y", None);
        assert_eq!(history.undo("z"), Ok("y"));
        assert_eq!(history.undo("y"), Ok("x"));
        assert_eq!(history.undo("x"), Ok("abcd"));
        assert_eq!(history.undo("abcd"), Ok("a"));
        assert!(!history.can_undo());
    }

    #[test]
    fn a_new_edit_clears_redo_and_the_list_is_bounded() {
        let mut history = History::default();
        for i in 0..LIMIT + 20 {
            history.record(i, None);
        }
        assert_eq!(history.undo(999), Ok(LIMIT + 19));
        assert!(history.can_redo());
        history.record(5, None);
        assert!(!history.can_redo());
        let mut steps = 0;
        let mut current = 0;
        while let Ok(previous) = history.undo(current) {
            current = previous;
            steps += 1;
        }
        assert_eq!(steps, LIMIT);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn undo_then_redo_restores(edits in proptest::collection::vec(0u32..1000, 1..50), back in 0usize..60) {
                let mut history = History::default();
                let mut current = 0u32;
                for edit in edits {
                    history.record(current, None);
                    current = edit;
                }
                let start = current;
                let mut undone = 0;
                for _ in 0..back {
                    match history.undo(current) {
                        Ok(previous) => { current = previous; undone += 1; }
                        Err(same) => { current = same; break; }
                    }
                }
                for _ in 0..undone {
                    current = history.redo(current).unwrap();
                }
                prop_assert_eq!(current, start);
            }
        }
    }
}
