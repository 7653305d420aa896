//! [`UserId`]: the signed-in user a request id is claimed for.

use std::fmt;

/// The most bytes a [`UserId`] may hold (it is stored with every claim).
pub const MAX_USER_ID_BYTES: usize = 256;

/// Who is signed in, as your app identifies them: an account id, a subject claim, a session's
/// user key. The crate does no authentication; it only binds request ids to this value.
///
/// Use a stable identifier that is not itself personal data where you can (an internal id
/// rather than an e-mail address): it is stored next to every claim. `Debug` shows its
/// length only, and it is never put in a tracing field.
///
/// ```
/// use dvs_backend::UserId;
/// let user = UserId::new("account-42")?;
/// assert_eq!(user.as_str(), "account-42");
/// assert!(UserId::new("").is_err());
/// # Ok::<(), dvs_backend::UserIdError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UserId(String);

/// Why a text is not a [`UserId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UserIdError {
    /// The text is empty.
    #[error("a user id must not be empty")]
    Empty,
    /// The text is longer than [`MAX_USER_ID_BYTES`].
    #[error("a user id must be at most {MAX_USER_ID_BYTES} bytes")]
    TooLong,
    /// The text holds a control character.
    #[error("a user id must not hold control characters")]
    ControlCharacter,
}

impl UserId {
    /// A user id from your app's identifier: not empty, at most [`MAX_USER_ID_BYTES`] bytes,
    /// no control characters.
    pub fn new(text: impl Into<String>) -> Result<UserId, UserIdError> {
        let text = text.into();
        if text.is_empty() {
            Err(UserIdError::Empty)
        } else if text.len() > MAX_USER_ID_BYTES {
            Err(UserIdError::TooLong)
        } else if text.chars().any(char::is_control) {
            Err(UserIdError::ControlCharacter)
        } else {
            Ok(UserId(text))
        }
    }

    /// The identifier as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UserId([{} bytes])", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_user_ids_are_typed_errors() {
        assert_eq!(UserId::new(""), Err(UserIdError::Empty));
        assert_eq!(UserId::new("a".repeat(257)), Err(UserIdError::TooLong));
        assert_eq!(UserId::new("a\nb"), Err(UserIdError::ControlCharacter));
        assert!(UserId::new("a".repeat(256)).is_ok());
    }

    #[test]
    fn debug_hides_the_identifier() {
        let user = UserId::new("jane@example.com").unwrap();
        assert_eq!(format!("{user:?}"), "UserId([16 bytes])");
    }
}
