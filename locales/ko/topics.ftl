# 토픽: 토픽 생성 양식(kafka-topics.sh --create), kafka-topics.sh --describe의 토픽 줄,
# 설정 변경 양식(kafka-configs.sh --alter). Kafka 자체의 메시지(InvalidTopicException,
# InvalidConfigurationException …)와 도구의 이름 충돌 경고는 Kafka가 출력하는 그대로 보여 주며,
# 여기에 없습니다.

create-topic-title = 토픽(topic) 생성
create-topic-name = 이름
create-topic-partitions = 파티션(partition) 수
create-topic-rf = 복제 개수(replication factor)
create-topic-create = 생성
# 메시지(create-topic-whole-number)에 들어가는 입력란 이름. 설정 이름은 그대로 씁니다.
create-topic-partitions-name = 파티션 수
create-topic-rf-name = 복제 개수
create-topic-whole-number = { $what }에는 정수를 입력해야 합니다.
create-topic-whole-number-unlimited = { $what }에는 정수를 입력해야 합니다 (-1 = 무제한).
create-topic-whole-number-ms = { $what }에는 ms 단위의 정수를 입력해야 합니다.
create-topic-created = { $topic } 토픽을 생성했습니다.

topic-lines-region = 이 페이지의 토픽

alter-configs-region = 토픽 설정 변경
# $names: 모든 토픽 설정 이름을 ", "로 이은 것.
alter-configs-add-help = 이름=값 쌍을 쉼표로 구분해 입력하십시오. 목록 값은 [ ] 안에 쓰십시오. 토픽 설정: { $names }.
alter-configs-delete-help = 설정 이름을 쉼표로 구분해 입력하십시오. 각 설정은 기본값으로 돌아갑니다.
alter-configs-submit = 설정 변경
alter-configs-done = { $topic } 토픽의 설정 변경을 완료했습니다.
