"""streamlab: a small, real video sampler and the metrics the book teaches."""
