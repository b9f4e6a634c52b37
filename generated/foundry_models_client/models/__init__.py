"""Contains all the data models used in inputs/outputs"""

from .boolean_parameter import BooleanParameter
from .create_model_studio_config_version_request import (
    CreateModelStudioConfigVersionRequest,
)
from .create_model_studio_request import CreateModelStudioRequest
from .dataset_input import DatasetInput
from .dataset_input_column_mapping import DatasetInputColumnMapping
from .datetime_parameter import DatetimeParameter
from .double_parameter import DoubleParameter
from .double_series_aggregations import DoubleSeriesAggregations
from .double_series_v1 import DoubleSeriesV1
from .double_series_value_v1 import DoubleSeriesValueV1
from .experiment import Experiment
from .experiment_artifact_metadata import ExperimentArtifactMetadata
from .experiment_artifacts import ExperimentArtifacts
from .experiment_authoring_source import ExperimentAuthoringSource
from .experiment_code_workspace_source import ExperimentCodeWorkspaceSource
from .experiment_sdk_source import ExperimentSdkSource
from .experiment_status import ExperimentStatus
from .foundry_error import FoundryError
from .foundry_error_parameters import FoundryErrorParameters
from .integer_parameter import IntegerParameter
from .list_model_studio_config_versions_response import (
    ListModelStudioConfigVersionsResponse,
)
from .list_model_studio_runs_response import ListModelStudioRunsResponse
from .list_model_studio_trainers_response import ListModelStudioTrainersResponse
from .model_output import ModelOutput
from .model_studio import ModelStudio
from .model_studio_config_version import ModelStudioConfigVersion
from .model_studio_run import ModelStudioRun
from .model_studio_run_build_status import ModelStudioRunBuildStatus
from .model_studio_run_model_output import ModelStudioRunModelOutput
from .model_studio_run_resolved_outputs import ModelStudioRunResolvedOutputs
from .model_studio_trainer import ModelStudioTrainer
from .model_studio_trainer_type import ModelStudioTrainerType
from .model_studio_worker_config import ModelStudioWorkerConfig
from .model_studio_worker_config_custom_config import (
    ModelStudioWorkerConfigCustomConfig,
)
from .model_studio_worker_config_inputs import ModelStudioWorkerConfigInputs
from .model_studio_worker_config_outputs import ModelStudioWorkerConfigOutputs
from .parameter import Parameter
from .resource_configuration import ResourceConfiguration
from .resource_configuration_gpu import ResourceConfigurationGpu
from .search_experiments_and_filter import SearchExperimentsAndFilter
from .search_experiments_contains_filter import SearchExperimentsContainsFilter
from .search_experiments_contains_filter_field import (
    SearchExperimentsContainsFilterField,
)
from .search_experiments_equals_filter import SearchExperimentsEqualsFilter
from .search_experiments_equals_filter_field import SearchExperimentsEqualsFilterField
from .search_experiments_not_filter import SearchExperimentsNotFilter
from .search_experiments_or_filter import SearchExperimentsOrFilter
from .search_experiments_order_by import SearchExperimentsOrderBy
from .search_experiments_order_by_direction import SearchExperimentsOrderByDirection
from .search_experiments_order_by_field import SearchExperimentsOrderByField
from .search_experiments_parameter_filter import SearchExperimentsParameterFilter
from .search_experiments_parameter_filter_operator import (
    SearchExperimentsParameterFilterOperator,
)
from .search_experiments_request import SearchExperimentsRequest
from .search_experiments_response import SearchExperimentsResponse
from .search_experiments_series_filter import SearchExperimentsSeriesFilter
from .search_experiments_series_filter_field import SearchExperimentsSeriesFilterField
from .search_experiments_series_filter_operator import (
    SearchExperimentsSeriesFilterOperator,
)
from .search_experiments_starts_with_filter import SearchExperimentsStartsWithFilter
from .search_experiments_starts_with_filter_field import (
    SearchExperimentsStartsWithFilterField,
)
from .search_experiments_summary_metric_filter import (
    SearchExperimentsSummaryMetricFilter,
)
from .search_experiments_summary_metric_filter_aggregation import (
    SearchExperimentsSummaryMetricFilterAggregation,
)
from .search_experiments_summary_metric_filter_operator import (
    SearchExperimentsSummaryMetricFilterOperator,
)
from .series_aggregations import SeriesAggregations
from .string_parameter import StringParameter
from .summary_metric import SummaryMetric
from .summary_metric_aggregation import SummaryMetricAggregation
from .table_artifact_details import TableArtifactDetails
from .trainer_version_locator import TrainerVersionLocator

__all__ = (
    "BooleanParameter",
    "CreateModelStudioConfigVersionRequest",
    "CreateModelStudioRequest",
    "DatasetInput",
    "DatasetInputColumnMapping",
    "DatetimeParameter",
    "DoubleParameter",
    "DoubleSeriesAggregations",
    "DoubleSeriesV1",
    "DoubleSeriesValueV1",
    "Experiment",
    "ExperimentArtifactMetadata",
    "ExperimentArtifacts",
    "ExperimentAuthoringSource",
    "ExperimentCodeWorkspaceSource",
    "ExperimentSdkSource",
    "ExperimentStatus",
    "FoundryError",
    "FoundryErrorParameters",
    "IntegerParameter",
    "ListModelStudioConfigVersionsResponse",
    "ListModelStudioRunsResponse",
    "ListModelStudioTrainersResponse",
    "ModelOutput",
    "ModelStudio",
    "ModelStudioConfigVersion",
    "ModelStudioRun",
    "ModelStudioRunBuildStatus",
    "ModelStudioRunModelOutput",
    "ModelStudioRunResolvedOutputs",
    "ModelStudioTrainer",
    "ModelStudioTrainerType",
    "ModelStudioWorkerConfig",
    "ModelStudioWorkerConfigCustomConfig",
    "ModelStudioWorkerConfigInputs",
    "ModelStudioWorkerConfigOutputs",
    "Parameter",
    "ResourceConfiguration",
    "ResourceConfigurationGpu",
    "SearchExperimentsAndFilter",
    "SearchExperimentsContainsFilter",
    "SearchExperimentsContainsFilterField",
    "SearchExperimentsEqualsFilter",
    "SearchExperimentsEqualsFilterField",
    "SearchExperimentsNotFilter",
    "SearchExperimentsOrFilter",
    "SearchExperimentsOrderBy",
    "SearchExperimentsOrderByDirection",
    "SearchExperimentsOrderByField",
    "SearchExperimentsParameterFilter",
    "SearchExperimentsParameterFilterOperator",
    "SearchExperimentsRequest",
    "SearchExperimentsResponse",
    "SearchExperimentsSeriesFilter",
    "SearchExperimentsSeriesFilterField",
    "SearchExperimentsSeriesFilterOperator",
    "SearchExperimentsStartsWithFilter",
    "SearchExperimentsStartsWithFilterField",
    "SearchExperimentsSummaryMetricFilter",
    "SearchExperimentsSummaryMetricFilterAggregation",
    "SearchExperimentsSummaryMetricFilterOperator",
    "SeriesAggregations",
    "StringParameter",
    "SummaryMetric",
    "SummaryMetricAggregation",
    "TableArtifactDetails",
    "TrainerVersionLocator",
)
