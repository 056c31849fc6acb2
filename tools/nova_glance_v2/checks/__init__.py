"""The checks of a cloud: ``verify``'s steps, ``upgrade check``, the image
round trips through glanceclient and through nova's own image client."""

MIB = 1024 * 1024
