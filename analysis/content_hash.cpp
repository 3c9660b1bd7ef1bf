#include "analysis/content_hash.hpp"

#include <array>
#include <stdexcept>

#include <openssl/evp.h>

namespace drsim::analysis {

namespace {

struct Digest {
  std::array<unsigned char, EVP_MAX_MD_SIZE> bytes{};
  unsigned int length = 0;
};

Digest sha256(std::string_view bytes) {
  Digest d;
  if (EVP_Digest(bytes.data(), bytes.size(), d.bytes.data(), &d.length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed (OpenSSL)");
  return d;
}

}  // namespace

std::string sha256_base64(std::string_view bytes) {
  const Digest d = sha256(bytes);
  std::string out(4 * ((d.length + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), d.bytes.data(), static_cast<int>(d.length));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  const Digest d = sha256(bytes);
  const auto& digest = d.bytes;
  const unsigned int length = d.length;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

}  // namespace drsim::analysis
