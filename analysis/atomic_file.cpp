#include "analysis/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include <fmt/format.h>

namespace drsim::analysis {

std::string write_file_atomically(const std::string& path, std::string_view content) {
  const std::string tmp = fmt::format("{}.tmp.{}", path, static_cast<long>(::getpid()));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fmt::format("{}: cannot write: {}", path, std::strerror(errno));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string err = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
      ::close(fd);
      ::unlink(tmp.c_str());
      return err;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string err = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
    ::unlink(tmp.c_str());
    return err;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string err = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
    ::unlink(tmp.c_str());
    return err;
  }
  return {};
}

std::string write_stream_atomically(const std::string& path, const std::function<void(std::ostream&)>& fill) {
  const std::string tmp = fmt::format("{}.tmp.{}", path, static_cast<long>(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return fmt::format("{}: cannot write: {}", path, std::strerror(errno));
    fill(out);
    out.flush();
    if (!out) {
      ::unlink(tmp.c_str());
      return fmt::format("{}: cannot write (disk full?)", path);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string err = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
    ::unlink(tmp.c_str());
    return err;
  }
  return {};
}

}  // namespace drsim::analysis
