# The page's frame: header, skip links, language switch, footer.
page-title = Kafka Sandbox
skip-to-cluster = Skip to the cluster
skip-to-timeline = Skip to the timeline
language-label = Language
language-switch-title = Show the page in another language (the simulation keeps running)
debug-readout-title = Frame interval (mean and worst over the last second), and averages over the last ticks: engine time, view update time, simulated steps per second
presenter = Presenter
presenter-help = Presenter mode: larger type for a projector, and keys (Space, →, N, ?)
shortcut-heading = Keys in presenter mode
shortcut-key = Key
shortcut-action = What it does
shortcut-play = Play or pause
shortcut-step = One step of simulated time
shortcut-next-step = The lesson's next step
shortcut-keys = This list (Escape closes it)
shortcut-typing = The keys do nothing while you type in a field.
shortcut-close = Close the list of keys
