//! [`CaptureMethod`] and [`Capture`]: how each image was captured (`captureMethod`).

use std::fmt;

/// How one image was captured. DVS records one digit per captured image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capture {
    /// The user uploaded a file (`0`).
    FileUpload,
    /// The capture library took the picture automatically (`1`).
    AutoCapture,
    /// The user pressed the shutter (`2`).
    ManualCapture,
}

impl Capture {
    /// The digit DVS records for this capture.
    pub const fn digit(self) -> char {
        match self {
            Capture::FileUpload => '0',
            Capture::AutoCapture => '1',
            Capture::ManualCapture => '2',
        }
    }
}

/// The `captureMethod` metadata: one digit per captured image in capture order, e.g. `"111"`
/// for front, back and selfie all auto-captured.
///
/// DVS treats the value as free-form text, so any text from a capture library is accepted as
/// is; [`CaptureMethod::from_steps`] builds it from typed steps.
///
/// ```
/// use dvs_public::{Capture, CaptureMethod};
/// let m = CaptureMethod::from_steps([Capture::AutoCapture, Capture::AutoCapture, Capture::ManualCapture]);
/// assert_eq!(m.as_str(), "112");
/// assert_eq!(CaptureMethod::from("10").as_str(), "10");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CaptureMethod(String);

impl CaptureMethod {
    /// The value from one [`Capture`] per image, in capture order.
    pub fn from_steps(steps: impl IntoIterator<Item = Capture>) -> Self {
        CaptureMethod(steps.into_iter().map(Capture::digit).collect())
    }

    /// The text sent as `captureMethod`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text sent as `captureMethod`.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl From<&str> for CaptureMethod {
    fn from(text: &str) -> Self {
        CaptureMethod(text.to_owned())
    }
}

impl From<String> for CaptureMethod {
    fn from(text: String) -> Self {
        CaptureMethod(text)
    }
}

impl From<Capture> for CaptureMethod {
    fn from(step: Capture) -> Self {
        CaptureMethod::from_steps([step])
    }
}

impl fmt::Display for CaptureMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
