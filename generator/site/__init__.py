"""Turn the decision into a stream of artifacts: index, pages, rendering, emitters.

`index_site` gathers the published records once; `emit` derives every artifact from that
index. Nothing here writes a file or knows the privacy gate: a later stage's service (noting
each page where it is made) is handed in as a callable.
"""

from generator.site.emit import emit
from generator.site.emitters.editorial import build_editorial_site
from generator.site.index import Site, index_site

__all__ = ["Site", "build_editorial_site", "emit", "index_site"]
