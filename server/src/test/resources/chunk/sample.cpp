#include <string>

namespace geo {

class Shape {
 public:
  virtual ~Shape() = default;
  virtual double area() const = 0;
};

class Circle : public Shape {
 public:
  explicit Circle(double r) : r_(r) {}
  double area() const override;

  struct Ring {
    double width;
    double outer() const { return width; }
  };

 private:
  double r_;
};

double Circle::area() const { return 3.14 * r_ * r_; }

template <typename T>
T twice(T x) {
  return x * 2;
}

}  // namespace geo

int main() { return 0; }
