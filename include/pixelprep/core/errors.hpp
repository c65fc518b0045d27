// One exception hierarchy for everything pixelprep reports. Every message names the
// offending value so that a user can fix the input without reading the source.
#pragma once

#include <stdexcept>
#include <string>

namespace pixelprep {

// Base of every pixelprep error; catch this to catch them all.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// An argument or option value is invalid (bad size, wrong mean length, unknown filter...).
class InvalidArgument : public Error {
public:
    using Error::Error;
};

// An image does not fit an operation (channel count, dtype, value range, layout).
class ImageError : public Error {
public:
    using Error::Error;
};

// A size computation would overflow or exceed a configured limit.
class LimitError : public Error {
public:
    using Error::Error;
};

// A configuration file or key is malformed or contradictory.
class ConfigError : public Error {
public:
    using Error::Error;
};

// A requested backend cannot run here (no driver, no device, not built).
class BackendUnavailable : public Error {
public:
    using Error::Error;
};

// An image file or buffer cannot be decoded (pixelprep::io). Every message is one line that
// starts with the file name. Catch this to catch every decoding failure; the subclasses
// below say why.
class DecodeError : public Error {
public:
    using Error::Error;
};

// The file cannot be opened or read (missing path, permissions, a directory, an I/O error).
class FileReadError : public DecodeError {
public:
    using DecodeError::DecodeError;
};

// The bytes are not an image format pixelprep decodes: empty, text, or another format
// (Pillow's UnidentifiedImageError).
class UnsupportedFormat : public DecodeError {
public:
    using DecodeError::DecodeError;
};

// The data is truncated or corrupt, or uses a feature of its format that is not supported.
class CorruptImage : public DecodeError {
public:
    using DecodeError::DecodeError;
};

// The header declares more pixels than DecodeOptions::max_pixels allows (Pillow's
// DecompressionBombError); raised before any pixel memory is allocated.
class ImageTooLarge : public DecodeError {
public:
    using DecodeError::DecodeError;
};

}  // namespace pixelprep

namespace pixelprep {

// A CUDA call or kernel launch of the CUDA backend failed (out of device memory, a bad
// launch, a device fault). The message names the call or kernel and gives CUDA's own text;
// code() is the cudaError_t value as an int, so that this header needs no CUDA header.
// It derives from BackendUnavailable because the usual remedy is the same: run elsewhere.
class CudaError : public BackendUnavailable {
public:
    CudaError(const std::string& message, int code) : BackendUnavailable(message), code_(code) {}
    int code() const noexcept { return code_; }

private:
    int code_;
};

}  // namespace pixelprep
