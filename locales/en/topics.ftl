# Topics: the create-topic form (kafka-topics.sh --create), the topic lines of
# kafka-topics.sh --describe, and the alter-configs form (kafka-configs.sh --alter).
# Kafka's own messages (InvalidTopicException, InvalidConfigurationException …) and the
# tool's collision warning are shown as Kafka prints them, not from here.

create-topic-title = Create topic
create-topic-name = Name
create-topic-partitions = Partitions
create-topic-rf = Replication factor
create-topic-create = Create
# The fields named in a message (create-topic-whole-number); config names are shown as they are.
create-topic-partitions-name = Partitions
create-topic-rf-name = Replication factor
create-topic-whole-number = { $what } must be a whole number
create-topic-whole-number-unlimited = { $what } must be a whole number (-1 = unlimited)
create-topic-whole-number-ms = { $what } must be a whole number of ms
create-topic-created = Created topic { $topic }.

topic-lines-region = Topics on this page

alter-configs-region = Alter topic configs
# $names: every topic config name, joined with ", ".
alter-configs-add-help = name=value pairs separated by commas; lists in [ ]. Topic configs: { $names }
alter-configs-delete-help = names separated by commas: each goes back to its default
alter-configs-submit = Alter configs
alter-configs-done = Completed updating config for topic { $topic }.
