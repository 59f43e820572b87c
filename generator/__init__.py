"""Static portal generator for city 信用中国 credit-information platforms."""

__version__ = "0.1.0"
