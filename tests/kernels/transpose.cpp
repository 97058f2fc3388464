// kernels::transpose against its definition, dst[c * Rows + r] = src[r * Cols + c], for sizes
// that are and are not multiples of the 8 x 8 register blocks and the 16 x 16 scalar tiles, in
// float (register blocks where the build has AVX) and double (scalar tiles only).

#include <catch2/catch.hpp>

#include <cstddef>
#include <vector>

#include <ctnn/kernels/gemm.hpp>

namespace {

template <class T, std::size_t Rows, std::size_t Cols>
void check_transpose() {
  std::vector<T> src(Rows * Cols);
  for (std::size_t i = 0; i < src.size(); ++i) src[i] = static_cast<T>(i) + T(0.5);
  std::vector<T> dst(Rows * Cols, T(-1));
  ctnn::kernels::transpose<Rows, Cols>(src.data(), dst.data());
  std::size_t wrong = 0;
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) wrong += dst[c * Rows + r] != src[r * Cols + c];
  INFO(Rows << " x " << Cols);
  CHECK(wrong == 0);
}

template <class T>
void check_sizes() {
  check_transpose<T, 1, 1>();
  check_transpose<T, 1, 13>();
  check_transpose<T, 13, 1>();
  check_transpose<T, 7, 9>();
  check_transpose<T, 8, 8>();
  check_transpose<T, 9, 17>();
  check_transpose<T, 16, 24>();
  check_transpose<T, 33, 10>();
  check_transpose<T, 100, 10>();
  check_transpose<T, 128, 10>();
  check_transpose<T, 256, 128>();
}

}  // namespace

TEST_CASE("transpose writes every element where the definition says", "[kernels][transpose]") {
  check_sizes<float>();
  check_sizes<double>();
}
