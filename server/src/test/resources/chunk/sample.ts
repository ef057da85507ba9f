import { Foo } from "./foo";

export interface Shape {
  area(): number;
}

export type Pair = [number, number];

enum Color { Red, Green }

namespace Geo {
  export function dist(a: number, b: number): number {
    return Math.abs(a - b);
  }
}

/** A circle. */
export class Circle implements Shape {
  private r: number;

  constructor(r: number) {
    this.r = r;
  }

  area(): number {
    return Math.PI * this.r ** 2;
  }
}

abstract class Base {
  abstract name(): string;
}

export const makeCircle = (r: number): Circle => new Circle(r);
