#include "tonn/core_provider.hpp"

#include <algorithm>
#include <string>

namespace tonnsim::tonn {

using Index = Eigen::Index;

Index CoreProvider::num_parameters() const {
  Index n = 0;
  for (const GroupSpec& g : parameter_groups()) n += g.size;
  return n;
}

DigitalCores::DigitalCores(TTShape shape, std::vector<Mat> cores)
    : shape_(std::move(shape)), cores_(std::move(cores)) {
  shape_.validate();
  check_cores(shape_, cores_);
}

std::unique_ptr<CoreProvider> DigitalCores::clone() const {
  return std::make_unique<DigitalCores>(*this);
}

std::vector<GroupSpec> DigitalCores::parameter_groups() const {
  std::vector<GroupSpec> groups;
  for (int k = 0; k < shape_.order(); ++k)
    groups.push_back({"core" + std::to_string(k), cores_[k].size()});
  return groups;
}

void DigitalCores::get_parameters(double* out) const {
  for (const Mat& c : cores_) out = std::copy(c.data(), c.data() + c.size(), out);
}

void DigitalCores::set_parameters(const double* in) {
  for (Mat& c : cores_) {
    std::copy(in, in + c.size(), c.data());
    in += c.size();
  }
}

}  // namespace tonnsim::tonn
