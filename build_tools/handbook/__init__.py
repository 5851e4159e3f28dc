"""The guide as a printed handbook: cover, contents, the guide's pages, every kit and tip."""
