// One exception hierarchy for everything pixelprep reports. Every message names the
// offending value so that a user can fix the input without reading the source.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

namespace pixelprep {

// Base of every pixelprep error; catch this to catch them all.
//
// An error raised while processing one input of a batch names that input: input_index() is
// its position in the batch's flat list of images (ImageBatch::flat()) and what() reads
// "input INDEX: REASON". The class stays the one the failure was raised as (an aspect ratio
// Qwen2-VL refuses is still an InvalidArgument), so callers catch what they caught before and
// read the index where they need it (the command maps it to a file name).
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;

    // The input this error is about; nullopt for errors that are no single input's (loading a
    // config, options, a batch that fails as a whole).
    std::optional<std::size_t> input_index() const noexcept { return input_index_; }

    // The message without the "input INDEX: " prefix.
    const char* reason() const noexcept { return what() + reason_offset_; }

    // Marks this error as raised while processing input `index`; setting it again replaces
    // the index. Called where a batch is processed, on the caught error before `throw;`, so
    // that the rethrown error keeps its class.
    void set_input_index(std::size_t index) {
        std::string message = "input " + std::to_string(index) + ": ";
        const std::size_t offset = message.size();
        message += reason();
        static_cast<std::runtime_error&>(*this) = std::runtime_error(message);
        reason_offset_ = offset;
        input_index_ = index;
    }

private:
    std::optional<std::size_t> input_index_;
    std::size_t reason_offset_ = 0;
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
