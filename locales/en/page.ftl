# The page's frame: header, skip links, language switch, footer.
page-title = Kafka Sandbox
skip-to-cluster = Skip to the cluster
skip-to-timeline = Skip to the timeline
language-label = Language
language-switch-title = Show the page in another language (the simulation keeps running)
debug-readout-title = Frame interval (mean and worst over the last second), and averages over the last ticks: engine time, view update time, simulated steps per second
