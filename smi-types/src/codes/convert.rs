//! Stable codes of conversion problems, for callers that report a [`Converted`](crate::convert::Converted)'s
//! losses or a [`ConvertError`](crate::convert::ConvertError) as diagnostics.

crate::diagnostic_codes! {
    /// Converting dropped something the source object says that the target version cannot (one
    /// diagnostic per [`Loss`](crate::convert::Loss)).
    CONVERSION_LOSS = "conversion-loss";
    /// The object cannot be converted to the requested version (the conversion would widen what
    /// it allows, or the kind does not exist there).
    CONVERSION_FAILED = "conversion-failed";
}
