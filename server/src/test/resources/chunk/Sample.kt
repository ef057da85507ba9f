package demo

import kotlin.math.max

/** A shape. */
interface Shape {
    fun area(): Double
}

data class Point(val x: Int, val y: Int)

class Circle(private val r: Double) : Shape {
    override fun area(): Double = Math.PI * r * r

    companion object {
        fun unit(): Circle = Circle(1.0)
    }

    inner class Ring(val width: Double) {
        fun outer(): Double = r + width
    }
}

object Registry {
    val shapes = mutableListOf<Shape>()
    fun add(s: Shape) { shapes.add(s) }
}

enum class Color { RED, GREEN }

fun main() {
    println(max(1, 2))
}
