"""After a build: the private report and deploying a release."""
