//! The name of an error's variant, for tables that map answers to variants.

use dvs_core::Error;

/// The name of `error`'s variant (`"Auth"`, `"RateLimited"`, …): dvs-core's
/// [`Error::kind_name`], the one list of them.
pub fn error_variant(error: &Error) -> &'static str {
    error.kind_name()
}
