// A replaceable sink for pixelprep's warnings (backend fallback, unknown config keys,
// ambiguous channel order). stderr by default; set_logger swaps it for the process.
#pragma once

#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace pixelprep {

enum class LogLevel { warning, info };

using Logger = std::function<void(LogLevel, std::string_view)>;

namespace detail {
struct LoggerSlot {
    std::mutex mutex;
    Logger logger = [](LogLevel level, std::string_view message) {
        std::cerr << "pixelprep: " << (level == LogLevel::warning ? "warning: " : "") << message << "\n";
    };
};
inline LoggerSlot& logger_slot() {
    static LoggerSlot slot;
    return slot;
}
}  // namespace detail

// Replaces the process-wide logger and returns the previous one.
inline Logger set_logger(Logger logger) {
    auto& slot = detail::logger_slot();
    std::lock_guard lock(slot.mutex);
    std::swap(slot.logger, logger);
    return logger;
}

inline void log_message(LogLevel level, std::string_view message) {
    auto& slot = detail::logger_slot();
    std::lock_guard lock(slot.mutex);
    if (slot.logger) slot.logger(level, message);
}
inline void log_warning(std::string_view message) { log_message(LogLevel::warning, message); }

}  // namespace pixelprep
