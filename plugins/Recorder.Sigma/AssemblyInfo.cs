// Matching formats numbers into stack buffers per value; they are always written before being read.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
