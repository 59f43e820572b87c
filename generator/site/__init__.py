"""Turn the decision into a stream of artifacts: index, pages, rendering, emitters."""
