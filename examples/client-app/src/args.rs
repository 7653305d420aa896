//! [`Args`]: the command line shared by `client_app` and `full_flow`.

use std::path::PathBuf;

use dvs_public::{DocumentType, SensitiveText};

use crate::{ClientAppError, ImagePaths};

/// Usage text for the image and document options.
pub const USAGE: &str = "\
  --front <file>           front of the document (JPEG, PNG or WEBP)
  --back <file>            back of the document (barcode) or second page (MRZ)
  --selfie <file>          the selfie
  --document-type <type>   id (default), passport, passport-card, green-card,
                           international-id, employment-authorization, or the DVS number
  --expect-name <name>     the name the user claims; the backend matches it to the document
  --expect-dob <date>      the date of birth the user claims (YYYY-MM-DD, MM/DD/YYYY, YYYYMMDD)";

/// Parsed command-line options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    /// The image files.
    pub images: ImagePaths,
    /// The document type.
    pub document_type: DocumentType,
    /// The backend URL (`client_app` only).
    pub backend_url: Option<String>,
    /// The mock scenario (`full_flow` only).
    pub scenario: Option<String>,
    /// The backend's minimum age (`full_flow` only; `--min-age`).
    pub min_age: Option<u8>,
    /// The name the user claims, for the backend's identity match (`--expect-name`).
    pub expect_name: Option<SensitiveText>,
    /// The date of birth the user claims, as typed (`--expect-dob`).
    pub expect_dob: Option<SensitiveText>,
    /// Print the summary as JSON on the last line.
    pub json: bool,
    /// `--help` was given.
    pub help: bool,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            images: ImagePaths::default(),
            document_type: DocumentType::Id,
            backend_url: None,
            scenario: None,
            min_age: None,
            expect_name: None,
            expect_dob: None,
            json: false,
            help: false,
        }
    }
}

/// Parses a document type: a name (`id`, `passport`, `passport-card`, `green-card`, …) or the
/// DVS number. Unknown names are an error.
pub fn parse_document_type(text: &str) -> Result<DocumentType, ClientAppError> {
    let compact: String = text.chars().filter(|c| !matches!(c, '-' | '_')).collect();
    let parsed: DocumentType = serde_json::from_value(serde_json::Value::String(compact))
        .map_err(|_| ClientAppError::Usage(format!("unknown document type `{text}`")))?;
    if parsed.is_unknown() {
        return Err(ClientAppError::Usage(format!(
            "unknown document type `{text}`; use id, passport, passport-card, green-card, \
             international-id or employment-authorization"
        )));
    }
    Ok(parsed)
}

impl Args {
    /// Parses arguments (without the program name).
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Args, ClientAppError> {
        let mut out = Args::default();
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let (name, inline) = match flag.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
                _ => (flag.clone(), None),
            };
            let mut value = |what: &str| -> Result<String, ClientAppError> {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| ClientAppError::Usage(format!("{name} needs {what}")))
            };
            match name.as_str() {
                "--front" => out.images.front = Some(PathBuf::from(value("a file")?)),
                "--back" => out.images.back = Some(PathBuf::from(value("a file")?)),
                "--selfie" => out.images.selfie = Some(PathBuf::from(value("a file")?)),
                "--document-type" => out.document_type = parse_document_type(&value("a type")?)?,
                "--backend-url" => out.backend_url = Some(value("a URL")?),
                "--scenario" => out.scenario = Some(value("a scenario name")?),
                "--min-age" => {
                    let years = value("a number of years")?;
                    out.min_age = Some(years.trim().parse().map_err(|_| {
                        ClientAppError::Usage(format!(
                            "--min-age needs a whole number of years from 0 to 255 (got `{years}`)"
                        ))
                    })?);
                }
                "--expect-name" => out.expect_name = Some(SensitiveText::new(value("a name")?)),
                "--expect-dob" => {
                    let typed = value("a date")?;
                    // Checked here so a typo is a usage error, not a mismatch; the error
                    // names the accepted forms, not the date.
                    dvs_public::read_date(&typed).map_err(|e| {
                        ClientAppError::Usage(format!(
                            "--expect-dob: {e}; use YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD"
                        ))
                    })?;
                    out.expect_dob = Some(SensitiveText::new(typed));
                }
                "--json" => out.json = true,
                "-h" | "--help" => out.help = true,
                other => {
                    return Err(ClientAppError::Usage(format!(
                        "unknown option `{other}` (see --help)"
                    )));
                }
            }
        }
        Ok(out)
    }
}
