# 컨슈머 그룹: 컨슈머 시작 양식, 그룹 카드, 멤버, kafka-consumer-groups.sh 표, 랙 차트, 전달 점검.

delivery-nothing-yet = 전달 점검: 샌드박스 프로듀서가 보낸 레코드를 아직 받지 않았습니다.
delivery-clean = 전달 점검: 레코드 { $received }개를 받았고, 모두 한 번씩 키별 전송 순서대로 받았습니다.
# $parts: delivery-found-twice, delivery-found-order 중 해당하는 것을 ", "로 이은 것.
delivery-found = 전달 점검: 받은 레코드 { $received }개 중 { $parts }.
delivery-found-twice = 레코드 { $twice }개를 두 번 받았습니다
delivery-found-order = 키 { $keys }개가 전송 순서와 다르게 도착했습니다(레코드 { $late }개)
delivery-twice = 두 번 받음
delivery-out-of-order = 전송 순서와 다름
delivery-twice-offsets = { $first }, { $offset }
delivery-twice-offset-earlier = { $offset }(그 이전에도 있음)
delivery-order-offsets = { $after } 다음에 { $offset }
delivery-twice-why = 한 번 보냈지만 두 번 기록되었습니다: 응답을 잃은 배치(batch)를 재시도(retry)했기 때문입니다(enable.idempotence=false).
delivery-order-why = 오프셋 { $offset }의 레코드는 오프셋 { $after }의 레코드보다 먼저 보냈습니다: 재시도가 나중 배치보다 늦게 기록되었습니다(멱등성(idempotence) 없이 요청을 여러 개 동시에 보냈기 때문입니다).
delivery-region = { $group } 그룹의 전달 점검 결과
delivery-caption = 두 번 받았거나 프로듀서의 전송 순서와 다르게 받은 레코드(최신순)
delivery-col-key = 키(Key)
delivery-col-partition = 파티션(Partition)
delivery-col-found = 발견
delivery-col-offsets = 오프셋(Offset)
delivery-col-producer = 프로듀서(Producer)
delivery-col-why = 원인
