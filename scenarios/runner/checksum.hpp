#pragma once
// FNV-1a, 64 bit (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/): a fast,
// dependency-free checksum that detects accidental damage (zeroed blocks, flipped bits,
// an edited text) in what a checkpoint stores. Not a defence against deliberate forgery.
//   h_0 = 14695981039346656037, h_{i+1} = (h_i xor byte_i) * 1099511628211  (mod 2^64)
#include <cstddef>
#include <cstdint>
#include <string>

namespace tonnsim::runner {

constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;

/// Continues the checksum `h` over `size` bytes at `data`.
inline std::uint64_t fnv1a64(const void* data, std::size_t size, std::uint64_t h = kFnvOffset) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}

inline std::uint64_t fnv1a64(const std::string& text, std::uint64_t h = kFnvOffset) {
  // The length first, so that consecutive strings cannot trade characters unnoticed.
  const std::uint64_t n = text.size();
  return fnv1a64(text.data(), text.size(), fnv1a64(&n, sizeof(n), h));
}

}  // namespace tonnsim::runner
