//! API keys: the client-side [`PublicKey`] (`pk_…`) and the backend [`SecretKey`] (`sk_…`).
//!
//! The two kinds are different types so that code holding only a public key cannot
//! express a call that needs the secret one. Both keep the key in a
//! [`secrecy::SecretString`]; `Debug` shows the prefix only.

use std::fmt;
use std::str::FromStr;

use secrecy::{ExposeSecret, SecretString};

/// Environment variable read by [`PublicKey::from_env`].
pub const PUBLIC_KEY_ENV: &str = "DVS_PUBLIC_KEY";
/// Environment variable read by [`SecretKey::from_env`].
pub const SECRET_KEY_ENV: &str = "DVS_SECRET_KEY";

/// The kind of a DVS API key, told by its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// A public key (`pk_…`): may only create verification requests, from client-side code.
    Public,
    /// A secret key (`sk_…`): full access; must stay on the backend.
    Secret,
}

impl KeyKind {
    /// The prefix every key of this kind starts with.
    pub const fn prefix(self) -> &'static str {
        match self {
            KeyKind::Public => "pk_",
            KeyKind::Secret => "sk_",
        }
    }

    /// The kind whose prefix `text` starts with, if any.
    pub fn of(text: &str) -> Option<KeyKind> {
        if text.starts_with("pk_") {
            Some(KeyKind::Public)
        } else if text.starts_with("sk_") {
            Some(KeyKind::Secret)
        } else {
            None
        }
    }
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyKind::Public => "public key (pk_)",
            KeyKind::Secret => "secret key (sk_)",
        })
    }
}

/// Why a key was refused. None of the messages contains the key itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The key is the empty string.
    #[error("the {expected} is empty")]
    Empty {
        /// The kind that was expected.
        expected: KeyKind,
    },
    /// The key starts or ends with white space (often a stray newline from a file or env var).
    #[error("the {expected} has leading or trailing white space; trim it before use")]
    SurroundingWhitespace {
        /// The kind that was expected.
        expected: KeyKind,
    },
    /// The key holds a character that cannot be sent in an HTTP header.
    #[error(
        "the {expected} contains a character that is not allowed (position {position}): \
         keys are printable ASCII"
    )]
    InvalidCharacter {
        /// The kind that was expected.
        expected: KeyKind,
        /// Zero-based character position of the first bad character.
        position: usize,
    },
    /// A secret key was given where a public key is expected.
    #[error(
        "a secret key (sk_) was given where a public key (pk_) is expected; \
         a secret key must never ship in client-side code: use the public key from the DVS portal"
    )]
    SecretWherePublicExpected,
    /// A public key was given where a secret key is expected.
    #[error(
        "a public key (pk_) was given where a secret key (sk_) is expected; \
         backend calls such as Verify need the secret key, which must stay on your server"
    )]
    PublicWhereSecretExpected,
    /// The key has neither DVS prefix.
    #[error("the {expected} must start with `{}`", expected.prefix())]
    MissingPrefix {
        /// The kind that was expected.
        expected: KeyKind,
    },
    /// The key is only the prefix.
    #[error("the {expected} has nothing after its prefix")]
    NothingAfterPrefix {
        /// The kind that was expected.
        expected: KeyKind,
    },
    /// The environment variable is unset.
    #[error("the environment variable {var} is not set (it should hold the {expected})")]
    NotSet {
        /// The variable's name.
        var: &'static str,
        /// The kind that was expected.
        expected: KeyKind,
    },
    /// The environment variable holds bytes that are not UTF-8.
    #[error("the environment variable {var} is not valid UTF-8")]
    NotUnicode {
        /// The variable's name.
        var: &'static str,
    },
}

/// Checks `text` as a key of kind `expected`.
fn validate(text: &str, expected: KeyKind) -> Result<(), KeyError> {
    if text.is_empty() {
        return Err(KeyError::Empty { expected });
    }
    if text.trim() != text {
        return Err(KeyError::SurroundingWhitespace { expected });
    }
    if let Some(position) = text.chars().position(|c| !c.is_ascii_graphic()) {
        return Err(KeyError::InvalidCharacter { expected, position });
    }
    match (KeyKind::of(text), expected) {
        (Some(KeyKind::Secret), KeyKind::Public) => Err(KeyError::SecretWherePublicExpected),
        (Some(KeyKind::Public), KeyKind::Secret) => Err(KeyError::PublicWhereSecretExpected),
        (None, _) => Err(KeyError::MissingPrefix { expected }),
        (Some(_), _) if text.len() == expected.prefix().len() => {
            Err(KeyError::NothingAfterPrefix { expected })
        }
        (Some(_), _) => Ok(()),
    }
}

fn read_env(var: &'static str, expected: KeyKind) -> Result<String, KeyError> {
    match std::env::var(var) {
        Ok(value) => Ok(value),
        Err(std::env::VarError::NotPresent) => Err(KeyError::NotSet { var, expected }),
        Err(std::env::VarError::NotUnicode(_)) => Err(KeyError::NotUnicode { var }),
    }
}

macro_rules! api_key {
    ($(#[$meta:meta])* $name:ident, $kind:expr, $env:expr) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name(SecretString);

        impl $name {
            /// The kind of this key.
            pub const KIND: KeyKind = $kind;

            /// Parses and validates a key (prefix, characters, no surrounding white space).
            pub fn new(text: impl Into<String>) -> Result<Self, KeyError> {
                let text = text.into();
                validate(&text, Self::KIND)?;
                Ok(Self(SecretString::from(text)))
            }

            /// Reads the key from its environment variable; an error (never a default) when unset.
            pub fn from_env() -> Result<Self, KeyError> {
                Self::new(read_env($env, Self::KIND)?)
            }

            /// The key's text, for building the `Authorization` header. Keep it out of logs.
            pub fn expose_secret(&self) -> &str {
                self.0.expose_secret()
            }
        }

        impl FromStr for $name {
            type Err = KeyError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({}[REDACTED])", stringify!($name), Self::KIND.prefix())
            }
        }

        impl sealed::Sealed for $name {}

        impl ApiKey for $name {
            const KIND: KeyKind = $kind;
            fn expose_secret(&self) -> &str {
                self.0.expose_secret()
            }
            fn from_env() -> Result<Self, KeyError> {
                $name::from_env()
            }
        }
    };
}

api_key!(
    /// A DVS public key (`pk_…`), the one a client-side app may hold.
    ///
    /// It can only create verification requests (upload images). It cannot start processing
    /// or read results.
    ///
    /// ```
    /// use dvs_core::PublicKey;
    /// let key: PublicKey = "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea".parse()?;
    /// assert_eq!(format!("{key:?}"), "PublicKey(pk_[REDACTED])");
    /// # Ok::<(), dvs_core::KeyError>(())
    /// ```
    PublicKey,
    KeyKind::Public,
    PUBLIC_KEY_ENV
);

api_key!(
    /// A DVS secret key (`sk_…`), for the backend only.
    ///
    /// It has full access: starting verification and reading results (with PII). Never ship
    /// it in a browser, mobile or desktop app.
    ///
    /// ```
    /// use dvs_core::{KeyError, SecretKey};
    /// let key: SecretKey = "sk_a47764c0-e3da-4300-ba2d-fdf148c011ea".parse()?;
    /// assert_eq!(format!("{key:?}"), "SecretKey(sk_[REDACTED])");
    /// assert_eq!(
    ///     "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea".parse::<SecretKey>().unwrap_err(),
    ///     KeyError::PublicWhereSecretExpected,
    /// );
    /// # Ok::<(), KeyError>(())
    /// ```
    SecretKey,
    KeyKind::Secret,
    SECRET_KEY_ENV
);

mod sealed {
    pub trait Sealed {}
}

/// What both key types share: their kind and their text for the `Authorization` header.
///
/// Sealed: only [`PublicKey`] and [`SecretKey`] implement it.
pub trait ApiKey: sealed::Sealed + Clone + Send + Sync + fmt::Debug + 'static {
    /// The kind of this key type.
    const KIND: KeyKind;
    /// The key's text. Keep it out of logs.
    fn expose_secret(&self) -> &str;
    /// Reads the key from its environment variable.
    fn from_env() -> Result<Self, KeyError>;
}
