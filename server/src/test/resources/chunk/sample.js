import { readFile } from "fs";

/** A circle. */
export class Circle {
  constructor(r) {
    this.r = r;
  }

  area() {
    return Math.PI * this.r ** 2;
  }

  static unit() {
    return new Circle(1);
  }
}

export function helper(x) {
  return x * 2;
}

const arrow = (a, b) => a + b;

function* gen() {
  yield 1;
}

export default function () {
  return 0;
}

console.log(helper(2));
