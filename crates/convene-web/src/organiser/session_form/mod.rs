//! Editing one session of the draft: the form as typed values, its checks at each field (the same
//! checks as `convene check`), refusing a save made on a stale copy, and the live preview of the
//! times. The people taking part are rows of the form, one per person, with an empty row to add one
//! and a box to remove one: it all works without a script.

mod fields;
mod handlers;
mod page;
mod preview;
mod read;
pub(crate) mod suggestions;
mod values;

pub use handlers::{
    create, delete, duplicate, edit, new_session, preview, refused, rename, save, suggestions,
};
