#ifndef CTNN_DETAIL_ALIGNED_BUFFER_HPP
#define CTNN_DETAIL_ALIGNED_BUFFER_HPP

#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <span>
#include <utility>

namespace ctnn::detail {

//! The alignment of every buffer ctnn allocates: one cache line, enough for any SIMD width.
inline constexpr std::size_t buffer_alignment = 64;

//! A heap array of `T` whose size is fixed at construction, aligned to `buffer_alignment` and
//! value-initialized (zeros). It allocates once, in its constructor; nothing on the hot path.
template <class T>
class aligned_buffer {
public:
  aligned_buffer() = default;
  explicit aligned_buffer(std::size_t size)
      : data_(size == 0 ? nullptr
                        : static_cast<T*>(::operator new(size * sizeof(T),
                                                         std::align_val_t{buffer_alignment}))),
        size_(size) {
    std::uninitialized_value_construct_n(data_, size_);
  }
  aligned_buffer(const aligned_buffer& other) : aligned_buffer(other.size_) {
    std::copy_n(other.data_, size_, data_);
  }
  aligned_buffer(aligned_buffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  aligned_buffer& operator=(aligned_buffer other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    return *this;
  }
  ~aligned_buffer() {
    if (data_ != nullptr) {
      std::destroy_n(data_, size_);
      ::operator delete(data_, std::align_val_t{buffer_alignment});
    }
  }

  [[nodiscard]] T* data() noexcept { return data_; }
  [[nodiscard]] const T* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] T& operator[](std::size_t i) noexcept { return data_[i]; }
  [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  [[nodiscard]] std::span<T> span() noexcept { return {data_, size_}; }
  [[nodiscard]] std::span<const T> span() const noexcept { return {data_, size_}; }

private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace ctnn::detail

#endif
