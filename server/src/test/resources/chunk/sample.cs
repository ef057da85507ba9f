using System;

namespace Demo.Shapes
{
    /// <summary>A shape.</summary>
    public interface IShape { double Area(); }

    public class Circle : IShape
    {
        private readonly double r;
        public Circle(double r) { this.r = r; }
        public double Area() => Math.PI * r * r;

        public class Ring
        {
            public double Width { get; set; }
            public double Outer() { return Width; }
        }
    }

    public struct Point { public int X; }
    public enum Color { Red, Green }
    public record Pair(int A, int B);
}
