<?php
namespace App\Shapes;

use App\Contracts\Shape;

interface HasArea { public function area(): float; }

trait Named { public function name(): string { return static::class; } }

/** A circle. */
class Circle implements HasArea
{
    use Named;
    private float $r;

    public function __construct(float $r) { $this->r = $r; }

    public function area(): float
    {
        return M_PI * $this->r ** 2;
    }
}

enum Color { case Red; case Green; }

function helper(int $x): int { return $x * 2; }
