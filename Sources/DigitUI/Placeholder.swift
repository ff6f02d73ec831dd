enum _PlaceholderDigitUI {}
