"""The site's non-page outputs: open data, search, feeds, sitemaps, assets, editorial."""
