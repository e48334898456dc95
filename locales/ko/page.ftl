# 페이지 틀: 머리글, 건너뛰기 링크, 언어 전환, 바닥글.
page-title = Kafka Sandbox
skip-to-cluster = 클러스터로 건너뛰기
skip-to-timeline = 타임라인으로 건너뛰기
language-label = 언어
language-switch-title = 페이지를 다른 언어로 표시합니다. 시뮬레이션은 계속 실행됩니다.
debug-readout-title = 프레임 간격 (최근 1초의 평균과 최댓값)과 최근 틱의 평균 (엔진 시간, 화면 갱신 시간, 초당 시뮬레이션 스텝 수)을 보여 줍니다.
